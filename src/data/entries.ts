// Turning what the browser hands over (an <input>'s files, a drop of files and folders) into
// ImportEntry, with each file's path relative to what was picked, so folder names become classes.

import type { ImportEntry } from './importer.js';

function fromFile(file: File, path: string): ImportEntry {
  return { path, size: file.size, read: async () => new Uint8Array(await file.arrayBuffer()) };
}

/** Files from <input type=file> (with webkitdirectory, each has its path in webkitRelativePath). */
export function entriesFromFiles(files: Iterable<File>): ImportEntry[] {
  return Array.from(files, (file) => fromFile(file, file.webkitRelativePath || file.name));
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries returns at most ~100 entries a call: keep calling until it returns none.
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, out: ImportEntry[]): Promise<void> {
  const path = entry.fullPath.replace(/^\//, '');
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push(fromFile(file, path));
  } else if (entry.isDirectory) {
    for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walk(child, out);
  }
}

/** Everything dropped: files, and folders walked recursively (DataTransferItem.webkitGetAsEntry). */
export async function entriesFromDrop(transfer: DataTransfer): Promise<ImportEntry[]> {
  // Entries must be taken synchronously, before the drop event returns; reading them can wait.
  const roots = Array.from(transfer.items, (item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null));
  const out: ImportEntry[] = [];
  for (const [i, root] of roots.entries()) {
    if (root) await walk(root, out);
    else {
      const file = transfer.files[i];
      if (file) out.push(fromFile(file, file.name));
    }
  }
  return out;
}
