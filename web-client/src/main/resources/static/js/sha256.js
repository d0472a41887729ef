// A file's SHA-256, sent with its upload so that only these exact bytes can be stored. The browser's
// own crypto.subtle where it offers it (secure contexts: https, localhost); elsewhere the vendored
// @noble/hashes, fed block by block from the file's stream.

const SUBTLE_MAX_BYTES = 512 * 1024 * 1024; // crypto.subtle needs the whole file in memory at once

export async function fileSha256(file, onProgress = () => {}) {
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  if (subtle && file.size <= SUBTLE_MAX_BYTES) {
    const digest = await subtle.digest('SHA-256', await file.arrayBuffer());
    onProgress(1);
    return hex(new Uint8Array(digest));
  }
  const { sha256 } = await import('../vendor/noble-hashes/sha2.js');
  const hash = sha256.create();
  const reader = file.stream().getReader();
  let read = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    hash.update(value);
    read += value.length;
    onProgress(file.size ? read / file.size : 1);
  }
  return hex(hash.digest());
}

function hex(bytes) {
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}
