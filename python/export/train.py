"""Go on training the exported model in PyTorch, on one process or many:

    python train.py --data DIR --epochs 5
    torchrun --nproc_per_node=4 train.py --data DIR --epochs 5 --out runs/a

DIR holds one sub-folder of images per class (the layout the app imports; for a time-series model,
one sub-folder of series files per class: .csv, .tsv or .txt, one line per time step, channels
separated by commas); the class names must be those of classes.json. Every sample goes through pipeline.json in train mode keyed by (epoch, sample
index), so its augmentation is the app's and does not depend on the number of processes or
DataLoader workers. Starts from the browser-trained weights unless --from-scratch; --resume goes
on from the last checkpoint in --out. Distributed: gloo on CPU, nccl on GPUs (torchrun sets RANK,
WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT). A rank that dies makes the others fail, never
hang: with gloo at once (the connection drops), with nccl when its watchdog aborts them after
--timeout-s (80 s with --timeout-s 20, seen on 2 H200s).
"""

import argparse
import datetime
import json
import os
import sys
import time

import torch
import torch.distributed as dist
from torch.utils.data import DataLoader, Dataset
from torch.utils.data.distributed import DistributedSampler

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from augplay.images import class_folders  # noqa: E402
from model import load_model  # noqa: E402
from predict import load_bundle, prepare, sample_files  # noqa: E402


class ClassFolders(Dataset):
    """Images (or series files) of DIR/<class>/*, labelled by classes.json; sample i of epoch e is always augmented the same way."""

    def __init__(self, root, classes, pipeline, metadata, mode="train"):
        extensions, self.read, what = sample_files(metadata)
        found, items = class_folders(root, extensions, what)
        unknown = [c for c in found if c not in classes]
        if unknown:
            raise ValueError(f"{root}: folder(s) {', '.join(unknown)} are not classes of this model ({', '.join(classes)})")
        self.items = [(path, classes.index(found[k])) for path, k in items]
        self.pipeline = pipeline
        self.metadata = metadata
        self.mode = mode
        self.epoch = 0

    def set_epoch(self, epoch):
        self.epoch = epoch

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        path, label = self.items[index]
        x = prepare(self.read(path), self.pipeline, self.metadata, epoch=self.epoch, index=index, mode=self.mode, name=path)
        return torch.from_numpy(x), label


def log(rank, message):
    if rank == 0:
        print(message, flush=True)


def mean_loss(model, loader, device, distributed):
    """Loss over the whole loader (eval mode), summed over ranks."""
    model.eval()
    total = torch.zeros(2, dtype=torch.float64, device=device)
    with torch.no_grad():
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            total[0] += torch.nn.functional.cross_entropy(model(x), y, reduction="sum").double()
            total[1] += len(y)
    if distributed:
        dist.all_reduce(total)
    return float(total[0] / total[1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="folder with one sub-folder of images (series files for a series model) per class")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=32, help="per process")
    parser.add_argument("--lr", type=float, default=None, help="learning rate (default: the app's setting, else 1e-3)")
    parser.add_argument("--workers", type=int, default=0, help="DataLoader worker processes per rank")
    parser.add_argument("--out", default="runs/latest", help="checkpoints and metrics.json go here")
    parser.add_argument("--resume", action="store_true", help="go on from --out/last.pt")
    parser.add_argument("--from-scratch", action="store_true", help="fresh weights instead of the browser-trained ones")
    parser.add_argument("--timeout-s", type=float, default=300, help="a collective waiting longer than this fails (a dead rank)")
    parser.add_argument("--seed", type=int, default=None, help="shuffling seed (default: the pipeline's seed)")
    args = parser.parse_args(argv)

    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    distributed = world > 1
    cuda = torch.cuda.is_available()
    device = torch.device(f"cuda:{local_rank}" if cuda else "cpu")
    if distributed:
        backend = "nccl" if cuda else "gloo"
        if cuda:
            torch.cuda.set_device(device)
        dist.init_process_group(backend, timeout=datetime.timedelta(seconds=args.timeout_s))
        log(rank, f"distributed: {world} processes, backend {backend}")

    pipeline, classes, metadata = load_bundle()
    if any(step.get("enabled", True) for step in pipeline.get("batch", [])):
        log(rank, "note: the pipeline's batch steps (mixUp, cutMix) are not applied by this script: it trains on one-hot labels")
    seed = pipeline["seed"] if args.seed is None else args.seed
    torch.manual_seed(seed)
    train_set = ClassFolders(args.data, classes, pipeline, metadata, mode="train")
    eval_set = ClassFolders(args.data, classes, pipeline, metadata, mode="inference")
    sampler = DistributedSampler(train_set, num_replicas=world, rank=rank, shuffle=True, seed=seed) if distributed else None
    eval_sampler = DistributedSampler(eval_set, num_replicas=world, rank=rank, shuffle=False) if distributed else None

    model = load_model(weights=not args.from_scratch).to(device)
    settings = metadata.get("settings") or {}
    lr = args.lr if args.lr is not None else float(settings.get("learningRate", 1e-3))
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    start_epoch = 0
    os.makedirs(args.out, exist_ok=True)
    last = os.path.join(args.out, "last.pt")
    if args.resume:
        if not os.path.exists(last):
            raise SystemExit(f"--resume: {last} does not exist (train once without --resume first)")
        state = torch.load(last, map_location=device)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        start_epoch = state["epoch"] + 1
        log(rank, f"resumed from {last} after epoch {state['epoch']}")
    net = torch.nn.parallel.DistributedDataParallel(model, device_ids=[local_rank] if cuda else None) if distributed else model

    eval_loader = DataLoader(eval_set, batch_size=args.batch_size, sampler=eval_sampler, num_workers=args.workers)
    metrics = []
    for epoch in range(start_epoch, start_epoch + args.epochs):
        train_set.set_epoch(epoch)
        if sampler is not None:
            sampler.set_epoch(epoch)  # a new shuffle each epoch, the same on every rank
        loader = DataLoader(train_set, batch_size=args.batch_size, sampler=sampler, shuffle=sampler is None, num_workers=args.workers, generator=torch.Generator().manual_seed(seed + epoch))
        before = mean_loss(net, eval_loader, device, distributed)
        net.train()
        started = time.time()
        seen = 0
        train_total = torch.zeros(2, dtype=torch.float64, device=device)  # summed loss, samples
        for step, (x, y) in enumerate(loader):
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(x), y)
            loss.backward()
            optimizer.step()
            seen += len(y)
            train_total += torch.stack([loss.detach().double() * len(y), torch.tensor(float(len(y)), dtype=torch.float64, device=device)])
            if step == 0:
                print(f"rank {rank}: epoch {epoch} training", flush=True)
        after = mean_loss(net, eval_loader, device, distributed)
        if distributed:
            dist.all_reduce(train_total)
        # The training batches' mean loss (train mode, all ranks); loss_before/after are eval mode, where
        # batch norm uses its running statistics (momentum 0.01, as tfjs's 0.99), which lag for a few hundred steps.
        train_loss = float(train_total[0] / train_total[1]) if train_total[1] > 0 else float("nan")
        row = {"epoch": epoch, "loss_before": before, "loss_after": after, "train_loss": train_loss, "samples_per_rank": seen, "seconds": time.time() - started, "world_size": world, "backend": dist.get_backend() if distributed else "none"}
        metrics.append(row)
        log(rank, f"epoch {epoch}: loss {before:.4f} -> {after:.4f}, training batches {train_loss:.4f} ({seen} samples per rank, {row['seconds']:.1f} s)")
        if rank == 0:
            state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}
            torch.save(state, os.path.join(args.out, f"epoch-{epoch}.pt"))
            torch.save(state, last)
            with open(os.path.join(args.out, "metrics.json"), "w", encoding="utf-8") as f:
                json.dump(metrics, f, indent=1)
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
