// Entry of the `augplay/pipeline` package (npm run build:lib): the pipeline library and the
// Hugging Face preprocessor-config writer, nothing of the app (no DOM, React, tfjs or workers).
export * from '../pipeline/index.js';
export { toPreprocessorConfig, PreprocessorConfigError, RESIZE_NOTES, type PreprocessorConfig } from '../export/hf.js';
