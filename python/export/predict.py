"""Top classes for an image or a folder of images, with the exported model and its pipeline:

    python predict.py photo.png
    python predict.py folder/ --top 3 --json
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


def prepare(image, pipeline, metadata, epoch=0, index=0, mode="inference"):
    """One sample as the model takes it: resize to the working size, then the pipeline."""
    image = image[:, :, :3] if image.shape[2] == 4 else image
    return run_pipeline(pipeline, resize_to_input(image, metadata), epoch=epoch, index=index, mode=mode).data


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", help="an image, or a folder of images")
    parser.add_argument("--top", type=int, default=3, help="how many classes to show (default 3)")
    parser.add_argument("--json", action="store_true", help="one JSON object per image instead of text")
    parser.add_argument("--checkpoint", help="weights from train.py (a .pt file) instead of the browser's")
    args = parser.parse_args(argv)
    pipeline, classes, metadata = load_bundle()
    model = load_model()
    if args.checkpoint:
        model.load_state_dict(torch.load(args.checkpoint, map_location="cpu")["model"])
    if os.path.isdir(args.path):
        paths = sorted(os.path.join(args.path, f) for f in os.listdir(args.path) if f.lower().endswith(IMAGE_EXTENSIONS))
    else:
        paths = [args.path]
    if not paths:
        parser.error(f"{args.path}: no images ({', '.join(IMAGE_EXTENSIONS)})")
    for path in paths:
        x = torch.from_numpy(prepare(read_image(path), pipeline, metadata))[None]
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
