//! Domain-separated BLAKE2b digests.

use blake2::{Blake2b256, Blake2b512, Digest};

/// BLAKE2b-256 of `domain` followed by `data`; the domain is length-prefixed.
pub fn blake2b256(domain: &str, data: &[u8]) -> [u8; 32] {
    let mut h = Blake2b256::new();
    h.update((domain.len() as u64).to_le_bytes());
    h.update(domain.as_bytes());
    h.update(data);
    h.finalize().into()
}

/// BLAKE2b-512 of `domain` followed by `data`; the domain is length-prefixed.
pub fn blake2b512(domain: &str, data: &[u8]) -> [u8; 64] {
    let mut h = Blake2b512::new();
    h.update((domain.len() as u64).to_le_bytes());
    h.update(domain.as_bytes());
    h.update(data);
    h.finalize().into()
}

/// Plain BLAKE2b-256 of a file's bytes, as pinned in a parameters manifest.
pub fn file_digest(data: &[u8]) -> [u8; 32] {
    Blake2b256::digest(data).into()
}
