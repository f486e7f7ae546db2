//! The error type of the shared model.

use thiserror::Error;

/// What went wrong while reading or encoding a credential, key or request.
///
/// Messages name the offending field or attribute but never echo a hidden attribute value.
#[derive(Debug, Error)]
pub enum Error {
    /// The input is not valid JSON, or not the expected JSON shape.
    #[error("{what}: {detail}")]
    Json {
        /// The kind of document being read (for example "request").
        what: &'static str,
        /// What the parser reported.
        detail: String,
    },
    /// A field of a document is missing or has the wrong kind of value.
    #[error("{what}: field `{field}` {problem}")]
    Field {
        /// The kind of document being read.
        what: &'static str,
        /// The field's name, dotted for nested fields.
        field: String,
        /// What is wrong with it.
        problem: String,
    },
    /// An attribute value cannot be encoded.
    #[error("attribute `{name}`: {problem}")]
    Attribute {
        /// The attribute's dotted name.
        name: String,
        /// What is wrong with it (never the value itself).
        problem: String,
    },
    /// The credential holds more attributes than the circuit shape admits.
    #[error("credential has {found} attributes; this setup admits at most {max}")]
    TooManyAttributes {
        /// Attributes in the credential after flattening.
        found: usize,
        /// The shape's limit.
        max: usize,
    },
    /// The request needs more range or set checks than the circuit shape has.
    #[error(
        "request needs {ranges} range and {sets} set checks; this setup has {max_ranges} and \
         {max_sets}"
    )]
    TooManyPredicates {
        /// Range checks the request needs.
        ranges: usize,
        /// Set checks the request needs.
        sets: usize,
        /// The shape's range positions.
        max_ranges: usize,
        /// The shape's set positions.
        max_sets: usize,
    },
    /// The request's clauses cannot be laid out on the circuit's positions.
    #[error("request: {0}")]
    Layout(String),
    /// A clause has no test, so no credential satisfies it; the circuit would drop it.
    #[error("statement: clause {clause} has no test and can never hold")]
    EmptyClause {
        /// The clause's index.
        clause: usize,
    },
    /// A set test lists no member, or more than a set position holds.
    #[error("statement: the set test on `{attribute}` lists {members} values; 1 to {max} fit")]
    SetSize {
        /// The attribute the test reads.
        attribute: String,
        /// The members it lists.
        members: usize,
        /// The most a set position holds.
        max: usize,
    },
    /// A presentation's disclosed values or pseudonym do not answer the request.
    #[error("presentation {0}")]
    Disclosure(String),
    /// A number is not a canonical encoding of a field element.
    #[error("{what}: {problem}")]
    FieldElement {
        /// Which number.
        what: String,
        /// Why it was refused.
        problem: &'static str,
    },
    /// A curve point is not acceptable as a key or signature component.
    #[error("{what}: {problem}")]
    Point {
        /// Which point.
        what: &'static str,
        /// Why it was refused.
        problem: &'static str,
    },
    /// The issuer's signature on a credential does not verify.
    #[error("the issuer's signature on the credential does not verify")]
    BadSignature,
}

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, Error>;
