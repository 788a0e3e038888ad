"""Top classes for an image or a folder of images (a series file or a folder of them, for a time-series
model), with the exported model and its pipeline:

    python predict.py photo.png
    python predict.py folder/ --top 3 --json
    python predict.py recording.csv      # series: one line per time step, channels separated by commas
"""

import argparse
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from augplay import parse_pipeline, run_pipeline  # noqa: E402
from augplay.images import IMAGE_EXTENSIONS, read_image  # noqa: E402
from augplay.series import SERIES_EXTENSIONS, read_series, run_series_pipeline, to_working_length  # noqa: E402
from model import load_model  # noqa: E402


def load_bundle(folder=HERE):
    with open(os.path.join(folder, "pipeline.json"), encoding="utf-8") as f:
        pipeline = parse_pipeline(f.read())
    with open(os.path.join(folder, "classes.json"), encoding="utf-8") as f:
        classes = json.load(f)
    with open(os.path.join(folder, "metadata.json"), encoding="utf-8") as f:
        metadata = json.load(f)
    return pipeline, classes, metadata


def resize_to_input(image, metadata):
    """The app resizes imported images to its working size (metadata inputSize) before the pipeline;
    this does the same with the pipeline's area resize (the browser's decoder may differ by a level)."""
    size = metadata.get("inputSize") or {}
    w, h = size.get("width"), size.get("height")
    if not w or not h or (image.shape[1] == w and image.shape[0] == h):
        return image
    resize = {"format": "augplay.pipeline", "version": 1, "steps": [{"op": "resize", "params": {"width": w, "height": h, "fit": "stretch", "interpolation": "area"}}]}
    return run_pipeline(resize, image, mode="inference").data.astype(np.uint8)


def is_series(metadata):
    return metadata.get("modality") == "series"


def prepare_series(series, pipeline, metadata, epoch=0, index=0, mode="inference", name="series"):
    """One series as the model takes it (1 x length x channels): brought to the working length by the
    rule the app imported with, then the pipeline (train/seriesPredict.ts does the same)."""
    channels = metadata.get("channels")
    if channels is not None and series.shape[1] != channels:
        raise ValueError(f"{name}: {series.shape[1]} channel{'s' if series.shape[1] > 1 else ''}; the model was trained on {channels}")
    working = to_working_length(series, metadata["workingLength"], metadata["lengthRule"])
    return run_series_pipeline(pipeline, working, epoch=epoch, index=index, mode=mode).data[None]


def prepare(sample, pipeline, metadata, epoch=0, index=0, mode="inference", name="sample"):
    """One sample as the model takes it: an image resized to the working size, then the pipeline; a
    series (metadata modality "series") through prepare_series."""
    if is_series(metadata):
        return prepare_series(sample, pipeline, metadata, epoch=epoch, index=index, mode=mode, name=name)
    image = sample[:, :, :3] if sample.shape[2] == 4 else sample
    return run_pipeline(pipeline, resize_to_input(image, metadata), epoch=epoch, index=index, mode=mode).data


def sample_files(metadata):
    """(extensions, reader, what) of the model's samples: images, or series files."""
    return (SERIES_EXTENSIONS, read_series, "series files") if is_series(metadata) else (IMAGE_EXTENSIONS, read_image, "images")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", help="an image or a folder of images (a series file or a folder of them for a series model)")
    parser.add_argument("--top", type=int, default=3, help="how many classes to show (default 3)")
    parser.add_argument("--json", action="store_true", help="one JSON object per image instead of text")
    parser.add_argument("--checkpoint", help="weights from train.py (a .pt file) instead of the browser's")
    args = parser.parse_args(argv)
    pipeline, classes, metadata = load_bundle()
    model = load_model()
    if args.checkpoint:
        model.load_state_dict(torch.load(args.checkpoint, map_location="cpu")["model"])
    extensions, read, what = sample_files(metadata)
    if os.path.isdir(args.path):
        paths = sorted(os.path.join(args.path, f) for f in os.listdir(args.path) if f.lower().endswith(extensions))
    else:
        paths = [args.path]
    if not paths:
        parser.error(f"{args.path}: no {what} ({', '.join(extensions)})")
    for path in paths:
        try:
            x = torch.from_numpy(prepare(read(path), pipeline, metadata, name=path))[None]
        except ValueError as error:
            # A file this model cannot take (not a number, wrong channel count): its name and why, no traceback.
            sys.exit(f"predict.py: {error}")
        with torch.no_grad():
            probs = torch.softmax(model(x), dim=-1)[0]
        top = torch.topk(probs, min(args.top, len(classes)))
        ranked = [(classes[i], float(p)) for p, i in zip(top.values.tolist(), top.indices.tolist())]
        if args.json:
            print(json.dumps({"path": path, "top": [{"class": c, "probability": p} for c, p in ranked]}))
        else:
            print(f"{path}: " + ", ".join(f"{c} {p:.1%}" for c, p in ranked))


if __name__ == "__main__":
    main()
