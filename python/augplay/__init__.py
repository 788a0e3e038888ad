"""augplay's image and time-series pipelines in Python (NumPy only): the same JSON, the same random draws and the same
values as the TypeScript library (src/pipeline), so a model trained in the browser gets the
preprocessing it was trained with."""

from .run import Result, output_shape, run_pipeline
from .schema import PIPELINE_FORMAT, PIPELINE_VERSION, PipelineError, parse_pipeline
from .ops import OPS
from .series import SERIES_OPS, SeriesResult, run_series_pipeline, series_output_length

__all__ = ["parse_pipeline", "run_pipeline", "output_shape", "PipelineError", "PIPELINE_FORMAT", "PIPELINE_VERSION", "OPS", "Result", "SERIES_OPS", "SeriesResult", "run_series_pipeline", "series_output_length"]
