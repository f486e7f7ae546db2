//! Gadgets: each enforces one relation and says what it costs in constraints.

pub mod edwards;
pub mod poseidon;
pub mod range;
pub mod set;
pub mod signature;
