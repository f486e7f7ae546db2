//! Baby Jubjub arithmetic in R1CS.
//!
//! Points are affine `(x, y)` on `x^2 + y^2 = 1 + d x^2 y^2` (`a = 1`, arkworks' form). The
//! addition law
//!
//! ```text
//! x3 = (x1 y2 + y1 x2) / (1 + d x1 x2 y1 y2),   y3 = (y1 y2 - x1 x2) / (1 - d x1 x2 y1 y2)
//! ```
//!
//! is complete on this curve (d is not a square), so it needs no special case for the
//! identity `(0, 1)`, for equal points or for opposite points, provided both inputs lie on
//! the curve. Callers keep that precondition: inputs are constants, points checked with
//! [`PointVar::enforce_on_curve`], or outputs of these formulas and of
//! [`super::montgomery`]. For such inputs the denominators never vanish, so each output
//! coordinate is fixed by its constraint. The scalar multiplications, which use the cheaper
//! Montgomery form where it is safe, are in [`super::scalar_mul`].

use ark_ec::{AdditiveGroup, AffineRepr, CurveGroup};
use ark_ed_on_bn254::EdwardsAffine;
use ark_ff::{Field, One, Zero};
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use crate::Fr;

/// An affine point in the circuit.
#[derive(Clone, Debug)]
pub struct PointVar {
    /// x coordinate.
    pub x: FpVar<Fr>,
    /// y coordinate.
    pub y: FpVar<Fr>,
}

fn d() -> Fr {
    zkcred_core::signature::coeff_d()
}

/// `num / den` as a new witness, with the constraint `out * den = num`.
fn divide(
    cs: &ConstraintSystemRef<Fr>,
    num: &FpVar<Fr>,
    den: &FpVar<Fr>,
) -> Result<FpVar<Fr>, SynthesisError> {
    let out = FpVar::new_witness(cs.clone(), || {
        let inv = den
            .value()?
            .inverse()
            .ok_or(SynthesisError::DivisionByZero)?;
        Ok(num.value()? * inv)
    })?;
    out.mul_equals(den, num)?;
    Ok(out)
}

impl PointVar {
    /// A constant point.
    pub fn constant(p: EdwardsAffine) -> Self {
        let (x, y) = if p.is_zero() {
            (Fr::zero(), Fr::one())
        } else {
            (p.x, p.y)
        };
        PointVar {
            x: FpVar::Constant(x),
            y: FpVar::Constant(y),
        }
    }

    /// The identity `(0, 1)`.
    pub fn identity() -> Self {
        PointVar {
            x: FpVar::Constant(Fr::zero()),
            y: FpVar::Constant(Fr::one()),
        }
    }

    fn cs(&self) -> ConstraintSystemRef<Fr> {
        self.x.cs().or(self.y.cs())
    }

    /// The point's value, if assigned.
    pub fn value(&self) -> Result<EdwardsAffine, SynthesisError> {
        Ok(EdwardsAffine::new_unchecked(
            self.x.value()?,
            self.y.value()?,
        ))
    }

    /// Enforces `x^2 + y^2 = 1 + d x^2 y^2`. Costs 3 constraints.
    pub fn enforce_on_curve(&self) -> Result<(), SynthesisError> {
        let x2 = self.x.square()?;
        let y2 = self.y.square()?;
        let lhs = &x2 + &y2 - Fr::one();
        (x2 * d()).mul_equals(&y2, &lhs)
    }

    /// `-P = (-x, y)`. Free.
    pub fn negate(&self) -> Self {
        PointVar {
            x: self.x.negate().expect("negation is linear"),
            y: self.y.clone(),
        }
    }

    /// `P + Q`. Costs 6 constraints (fewer when an input is constant).
    pub fn add(&self, other: &Self) -> Result<Self, SynthesisError> {
        self.sum_into(other, None)
    }

    /// Enforces `out = P + Q`, with `out`'s own coordinates as the quotients of the addition
    /// law. Costs 6 constraints; `out` needs no curve check, as the quotients fix it.
    pub fn enforce_sum(&self, other: &Self, out: &Self) -> Result<(), SynthesisError> {
        self.sum_into(other, Some(out)).map(|_| ())
    }

    fn sum_into(&self, other: &Self, out: Option<&Self>) -> Result<Self, SynthesisError> {
        let cs = self.cs().or(other.cs());
        if cs.is_none() && out.is_none() {
            let sum = (self.value()?.into_group() + other.value()?).into_affine();
            return Ok(Self::constant(sum));
        }
        // beta = x1 y2, gamma = y1 x2, delta = (y1 - x1)(x2 + y2), tau = beta gamma.
        let beta = &self.x * &other.y;
        let gamma = &self.y * &other.x;
        let delta = (&self.y - &self.x) * (&other.x + &other.y);
        let tau = &beta * &gamma;
        let dtau = tau * d();

        // x3 (1 + d tau) = beta + gamma;  y3 (1 - d tau) = delta + beta - gamma.
        let (x_num, x_den) = (&beta + &gamma, &dtau + Fr::one());
        let (y_num, y_den) = (delta + &beta - &gamma, FpVar::Constant(Fr::one()) - &dtau);
        match out {
            None => Ok(PointVar {
                x: divide(&cs, &x_num, &x_den)?,
                y: divide(&cs, &y_num, &y_den)?,
            }),
            Some(out) => {
                out.x.mul_equals(&x_den, &x_num)?;
                out.y.mul_equals(&y_den, &y_num)?;
                Ok(out.clone())
            }
        }
    }

    /// `2P`. Costs 5 constraints.
    pub fn double(&self) -> Result<Self, SynthesisError> {
        let cs = self.cs();
        if cs.is_none() {
            return Ok(Self::constant(
                (self.value()?.into_group().double()).into_affine(),
            ));
        }
        // beta = x y, delta = (y - x)(x + y) = y^2 - x^2, tau = beta^2.
        let beta = &self.x * &self.y;
        let delta = (&self.y - &self.x) * (&self.x + &self.y);
        let dtau = beta.square()? * d();
        let x = divide(&cs, &(&beta + &beta), &(&dtau + Fr::one()))?;
        let y = divide(&cs, &delta, &(FpVar::Constant(Fr::one()) - &dtau))?;
        Ok(PointVar { x, y })
    }

    /// Enforces `self == other`. Costs 2 constraints.
    pub fn enforce_equal(&self, other: &Self) -> Result<(), SynthesisError> {
        self.x.enforce_equal(&other.x)?;
        self.y.enforce_equal(&other.y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ff::UniformRand;
    use ark_relations::gr1cs::ConstraintSystem;

    fn alloc_point(cs: &ConstraintSystemRef<Fr>, p: EdwardsAffine) -> PointVar {
        PointVar {
            x: FpVar::new_witness(cs.clone(), || Ok(p.x)).unwrap(),
            y: FpVar::new_witness(cs.clone(), || Ok(p.y)).unwrap(),
        }
    }

    #[test]
    fn add_and_double_match_native_including_edge_cases() {
        let mut rng = ark_std::test_rng();
        let p = EdwardsAffine::rand(&mut rng);
        let q = EdwardsAffine::rand(&mut rng);
        let neg_p = -p;
        let o = EdwardsAffine::zero();
        for (a, b) in [(p, q), (p, p), (p, neg_p), (p, o), (o, o)] {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let (av, bv) = (
                alloc_point(
                    &cs,
                    if a.is_zero() {
                        EdwardsAffine::new_unchecked(Fr::zero(), Fr::one())
                    } else {
                        a
                    },
                ),
                alloc_point(
                    &cs,
                    if b.is_zero() {
                        EdwardsAffine::new_unchecked(Fr::zero(), Fr::one())
                    } else {
                        b
                    },
                ),
            );
            let sum = av.add(&bv).unwrap().value().unwrap();
            let expected = (a + b).into_affine();
            let expected = if expected.is_zero() {
                EdwardsAffine::new_unchecked(Fr::zero(), Fr::one())
            } else {
                expected
            };
            assert_eq!(sum, expected);
            assert!(cs.is_satisfied().unwrap());
            assert_eq!(cs.num_constraints(), 6);
        }
        let cs = ConstraintSystem::<Fr>::new_ref();
        let dbl = alloc_point(&cs, p).double().unwrap().value().unwrap();
        assert_eq!(dbl, (p + p).into_affine());
        assert_eq!(cs.num_constraints(), 5);
    }

    #[test]
    fn wrong_sum_fails() {
        let mut rng = ark_std::test_rng();
        let (p, q) = (EdwardsAffine::rand(&mut rng), EdwardsAffine::rand(&mut rng));
        let cs = ConstraintSystem::<Fr>::new_ref();
        let sum = alloc_point(&cs, p).add(&alloc_point(&cs, q)).unwrap();
        alloc_point(&cs, (p + p).into_affine())
            .enforce_equal(&sum)
            .unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }

    #[test]
    fn enforce_sum_fixes_the_output() {
        let mut rng = ark_std::test_rng();
        let (p, q) = (EdwardsAffine::rand(&mut rng), EdwardsAffine::rand(&mut rng));
        let sum = (p + q).into_affine();
        for (claimed, ok) in [(sum, true), ((sum + p).into_affine(), false), (-sum, false)] {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let (pv, qv) = (alloc_point(&cs, p), alloc_point(&cs, q));
            let out = alloc_point(&cs, claimed);
            pv.enforce_sum(&qv, &out).unwrap();
            assert_eq!(cs.is_satisfied().unwrap(), ok);
            assert_eq!(cs.num_constraints(), 6);
        }
        // Off-curve claims are not on the line either: (x, y) and (y, x) differ.
        let cs = ConstraintSystem::<Fr>::new_ref();
        let (pv, qv) = (alloc_point(&cs, p), alloc_point(&cs, q));
        let out = alloc_point(&cs, EdwardsAffine::new_unchecked(sum.y, sum.x));
        pv.enforce_sum(&qv, &out).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }

    #[test]
    fn off_curve_point_is_refused() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let p = alloc_point(
            &cs,
            EdwardsAffine::new_unchecked(Fr::from(1u64), Fr::from(1u64)),
        );
        p.enforce_on_curve().unwrap();
        assert!(!cs.is_satisfied().unwrap());
        let cs = ConstraintSystem::<Fr>::new_ref();
        let p = alloc_point(&cs, EdwardsAffine::rand(&mut ark_std::test_rng()));
        p.enforce_on_curve().unwrap();
        assert!(cs.is_satisfied().unwrap());
        assert_eq!(cs.num_constraints(), 3);
    }
}
