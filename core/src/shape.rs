//! The published limits of one trusted setup.

use serde::{Deserialize, Serialize};

/// Attributes are committed in chunks of this many, one Poseidon hash per chunk.
pub const CHUNK: usize = 12;

/// The size of a circuit: one trusted setup answers every request within these limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    /// Most attributes a credential may hold (a multiple of [`CHUNK`]).
    pub attributes: usize,
    /// Most predicates a request may ask.
    pub predicates: usize,
}

impl Shape {
    /// The shape `zkcred setup` builds unless told otherwise: 24 attributes, 2 predicates.
    pub const STANDARD: Shape = Shape {
        attributes: 24,
        predicates: 2,
    };

    /// Number of attribute chunks.
    pub fn chunks(&self) -> usize {
        self.attributes / CHUNK
    }

    /// Whether the shape is one the circuit can be built for.
    pub fn is_supported(&self) -> bool {
        self.attributes % CHUNK == 0
            && (1..=5).contains(&self.chunks())
            && (1..=16).contains(&self.predicates)
    }

    /// Number of public inputs (without the leading constant one).
    pub fn num_public_inputs(&self) -> usize {
        crate::request::FIXED_PUBLIC_INPUTS + 3 * self.predicates
    }
}
