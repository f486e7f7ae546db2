//! The published limits of one trusted setup.

use serde::{Deserialize, Serialize};

/// Attributes are committed in chunks of this many, one Poseidon hash per chunk.
pub const CHUNK: usize = 12;

/// Values one set condition (`$in`, `$nin`) may list.
pub const SET_SIZE: usize = 64;

/// The size of a circuit: one trusted setup answers every request within these limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    /// Most attributes a credential may hold (a multiple of [`CHUNK`]).
    pub attributes: usize,
    /// Range checks a request may use: one per comparison, equality, age, existence or
    /// disclosed value, two for `$ne` and `$nonbetween`.
    pub predicates: usize,
    /// Set checks a request may use: one per `$in` or `$nin` of two or more values.
    pub sets: usize,
}

impl Shape {
    /// The shape `zkcred setup` builds unless told otherwise.
    pub const STANDARD: Shape = Shape {
        attributes: 24,
        predicates: 4,
        sets: 1,
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
            && self.sets <= 4
    }

    /// Range and set checks together: the positions of the statement's clause layout.
    pub fn positions(&self) -> usize {
        self.predicates + self.sets
    }

    /// Bits of the `flags` public input: the scope bit, one join bit per position after the
    /// first, and one negation bit per set.
    pub fn flag_bits(&self) -> usize {
        self.positions() + self.sets
    }

    /// Number of public inputs (without the leading constant one).
    pub fn num_public_inputs(&self) -> usize {
        crate::statement::FIXED_PUBLIC_INPUTS + 3 * self.predicates + self.sets * (1 + SET_SIZE)
    }
}
