import SeamCore
#if canImport(Glibc)
import Glibc
#endif

/// Rose-Smith-Ferrante universal binding energy relation (UBER):
/// φ(λ) = G [1 - (1 + λ/ℓ) e^{-λ/ℓ}], t = G λ/ℓ² e^{-λ/ℓ}.
/// Peak t_max = G/(e ℓ) at λ = ℓ; area G = e t_max ℓ.
/// (J. H. Rose, J. R. Smith, J. Ferrante, Phys. Rev. B 28, 1835 (1983).)
public struct UniversalBindingLaw: EffectiveOpeningLaw {
    /// Work of separation G, eV/Å^2.
    public let separationEnergy: Double
    /// Scaling length ℓ, Å.
    public let length: Double
    public let shearWeight: Double
    public let penaltyStiffness: Double

    public init(workOfSeparation: Double, length: Double, shearWeight: Double = 1, penaltyStiffness: Double? = nil) {
        precondition(workOfSeparation > 0 && length > 0, "UBER needs positive G and length")
        separationEnergy = workOfSeparation; self.length = length; self.shearWeight = shearWeight
        self.penaltyStiffness = penaltyStiffness ?? workOfSeparation / (length * length)
    }
    /// From peak traction (eV/Å^3) and its opening (Å): G = e t_max ℓ.
    public init(peakTraction: Double, peakOpening: Double, shearWeight: Double = 1) {
        self.init(workOfSeparation: exp(1) * peakTraction * peakOpening, length: peakOpening, shearWeight: shearWeight)
    }
    public func scalar(_ lambda: Double) -> (energy: Double, traction: Double, slope: Double) {
        if lambda == .infinity { return (separationEnergy, 0, 0) }
        let x = lambda / length, e = exp(-x)
        return (separationEnergy * (1 - (1 + x) * e),
                separationEnergy / length * x * e,
                separationEnergy / (length * length) * (1 - x) * e)
    }
    public var peakTraction: Double { separationEnergy / (exp(1) * length) }
    public var peakOpening: Double { length }
    public var summary: String { "UBER(G=\(separationEnergy) eV/Å², ℓ=\(length) Å)" }
}

/// Bilinear (triangular) law: t rises linearly to σc at λ0, then falls linearly to zero at λf.
/// Area σc λf / 2.
public struct BilinearLaw: EffectiveOpeningLaw {
    /// Peak traction σc, eV/Å^3.
    public let strength: Double
    /// Opening at the peak λ0, Å.
    public let peakOpening: Double
    /// Opening at full separation λf, Å.
    public let finalOpening: Double
    public let shearWeight: Double
    public let penaltyStiffness: Double

    public init(strength: Double, peakOpening: Double, finalOpening: Double, shearWeight: Double = 1, penaltyStiffness: Double? = nil) {
        precondition(strength > 0 && peakOpening > 0 && finalOpening > peakOpening, "bilinear law needs 0 < λ0 < λf and σc > 0")
        self.strength = strength; self.peakOpening = peakOpening; self.finalOpening = finalOpening
        self.shearWeight = shearWeight
        self.penaltyStiffness = penaltyStiffness ?? strength / peakOpening
    }
    public func scalar(_ lambda: Double) -> (energy: Double, traction: Double, slope: Double) {
        let k = strength / peakOpening
        if lambda <= peakOpening { return (0.5 * k * lambda * lambda, k * lambda, k) }
        let g = 0.5 * strength * finalOpening
        if lambda >= finalOpening { return (g, 0, 0) }
        let m = -strength / (finalOpening - peakOpening)
        let d = lambda - peakOpening
        return (0.5 * strength * peakOpening + strength * d + 0.5 * m * d * d, strength + m * d, m)
    }
    public var peakTraction: Double { strength }
    public var summary: String { "bilinear(σc=\(strength) eV/Å³, λ0=\(peakOpening) Å, λf=\(finalOpening) Å)" }
}

/// Xu-Needleman exponential law with normal-shear coupling (X.-P. Xu, A. Needleman,
/// J. Mech. Phys. Solids 42, 1397 (1994)):
/// φ = φn + φn e^{-a} {[1 - r + a](1-q)/(r-1) - [q + (r-q)/(r-1) a] e^{-b}},
/// a = δn/δ_n, b = |δt|²/δ_t², φn = e σmax δ_n, φt = sqrt(e/2) τmax δ_t, q = φt/φn,
/// r = δn*/δ_n (normal opening after complete shear separation at zero normal traction).
/// Reversible potential; the area under pure mode I is φn = e σmax δ_n.
public struct XuNeedlemanLaw: CohesiveLaw {
    public let normalStrength: Double   // σmax, eV/Å^3
    public let normalLength: Double     // δ_n, Å
    public let shearStrength: Double    // τmax, eV/Å^3
    public let shearLength: Double      // δ_t, Å
    public let r: Double

    public init(normalStrength: Double, normalLength: Double, shearStrength: Double, shearLength: Double, r: Double = 0) {
        precondition(normalStrength > 0 && normalLength > 0 && shearStrength > 0 && shearLength > 0 && r != 1)
        self.normalStrength = normalStrength; self.normalLength = normalLength
        self.shearStrength = shearStrength; self.shearLength = shearLength; self.r = r
    }
    public var phiN: Double { exp(1) * normalStrength * normalLength }
    public var phiT: Double { (exp(1) / 2).squareRoot() * shearStrength * shearLength }

    public func response(opening d: Vec3) -> CohesiveResponse {
        let pn = phiN, q = phiT / pn
        let a = d.x / normalLength
        let t2 = d.y * d.y + d.z * d.z
        let b = t2 / (shearLength * shearLength)
        let ea = exp(-a), eb = exp(-b)
        let s1 = (1 - q) / (r - 1), q1 = (r - q) / (r - 1)
        let S = (1 - r + a) * s1, Q = q + q1 * a
        let G = S - Q * eb, Ga = s1 - q1 * eb, Gb = Q * eb, Gab = q1 * eb, Gbb = -Q * eb
        let phi = pn + pn * ea * G
        let pa = pn * ea * (Ga - G), paa = pn * ea * (G - 2 * Ga)
        let pb = pn * ea * Gb, pbb = pn * ea * Gbb, pab = pn * ea * (Gab - Gb)
        let dn = normalLength, dt2 = shearLength * shearLength
        let bt = Vec3(0, 2 * d.y / dt2, 2 * d.z / dt2)  // ∂b/∂δ
        var k = Mat3.zero
        k[0, 0] = paa / (dn * dn)
        for j in 1...2 {
            k[0, j] = pab / dn * bt[j]; k[j, 0] = k[0, j]
            for l in 1...2 { k[j, l] = pbb * bt[j] * bt[l] + (j == l ? pb * 2 / dt2 : 0) }
        }
        return CohesiveResponse(energy: phi, traction: Vec3(pa / dn, pb * bt.y, pb * bt.z), tangent: k)
    }
    public var workOfSeparation: Double { phiN }
    public var peakTraction: Double { normalStrength }
    public var peakOpening: Double { normalLength }
    public var summary: String { "Xu-Needleman(σmax=\(normalStrength), δn=\(normalLength), τmax=\(shearStrength), δt=\(shearLength), r=\(r))" }
}
