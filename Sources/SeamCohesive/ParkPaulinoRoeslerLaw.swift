import SeamCore
#if canImport(Glibc)
import Glibc
#endif

/// Park-Paulino-Roesler (PPR) potential-based cohesive law (K. Park, G. H. Paulino,
/// J. R. Roesler, J. Mech. Phys. Solids 57, 891 (2009)), eq. (10) there:
/// ψ = min(φn, φt) + [Γn (1 - Δn/δn)^α (m/α + Δn/δn)^m + ⟨φn - φt⟩]
///                 · [Γt (1 - |Δt|/δt)^β (n/β + |Δt|/δt)^n + ⟨φt - φn⟩],
/// with m = α(α-1)λn²/(1-αλn²), n = β(β-1)λt²/(1-βλt²) and δn, δt chosen so that the peak
/// tractions σmax, τmax occur at λn δn and λt δt. The pure mode-I area is φn. Openings beyond
/// δn (or slips beyond δt) carry no traction; interpenetration is resisted by a penalty.
public struct ParkPaulinoRoeslerLaw: CohesiveLaw {
    public let normalEnergy: Double, shearEnergy: Double          // φn, φt (eV/Å^2)
    public let normalStrength: Double, shearStrength: Double      // σmax, τmax (eV/Å^3)
    public let alpha: Double, beta: Double                        // shape exponents (> 1)
    public let lambdaN: Double, lambdaT: Double                   // initial-slope indicators (0, 1)
    public let penaltyStiffness: Double
    public let m: Double, n: Double, deltaN: Double, deltaT: Double, gammaN: Double, gammaT: Double

    public init(normalEnergy: Double, shearEnergy: Double, normalStrength: Double, shearStrength: Double,
                alpha: Double = 3, beta: Double = 3, lambdaN: Double = 0.1, lambdaT: Double = 0.1,
                penaltyStiffness: Double? = nil) throws {
        guard normalEnergy > 0, shearEnergy > 0, normalStrength > 0, shearStrength > 0 else {
            throw InputError("PPR law needs positive fracture energies and strengths")
        }
        guard alpha > 1, beta > 1, lambdaN > 0, lambdaN < 1, lambdaT > 0, lambdaT < 1,
              alpha * lambdaN * lambdaN < 1, beta * lambdaT * lambdaT < 1 else {
            throw InputError("PPR law needs α, β > 1, 0 < λn, λt < 1 and αλn² < 1, βλt² < 1 (α=\(alpha), λn=\(lambdaN))")
        }
        self.normalEnergy = normalEnergy; self.shearEnergy = shearEnergy
        self.normalStrength = normalStrength; self.shearStrength = shearStrength
        self.alpha = alpha; self.beta = beta; self.lambdaN = lambdaN; self.lambdaT = lambdaT
        let m = alpha * (alpha - 1) * lambdaN * lambdaN / (1 - alpha * lambdaN * lambdaN)
        let n = beta * (beta - 1) * lambdaT * lambdaT / (1 - beta * lambdaT * lambdaT)
        self.m = m; self.n = n
        deltaN = normalEnergy / normalStrength * alpha * lambdaN * pow(1 - lambdaN, alpha - 1)
            * (alpha / m + 1) * pow(alpha / m * lambdaN + 1, m - 1)
        deltaT = shearEnergy / shearStrength * beta * lambdaT * pow(1 - lambdaT, beta - 1)
            * (beta / n + 1) * pow(beta / n * lambdaT + 1, n - 1)
        let pn = normalEnergy, pt = shearEnergy
        if pn == pt {
            gammaN = -pn * pow(alpha / m, m); gammaT = pow(beta / n, n)
        } else if pn < pt {
            gammaN = pow(alpha / m, m); gammaT = -pt * pow(beta / n, n)
        } else {
            gammaN = -pn * pow(alpha / m, m); gammaT = pow(beta / n, n)
        }
        self.penaltyStiffness = penaltyStiffness ?? 10 * normalStrength / (lambdaN * deltaN)
    }

    /// h(x) = (1-x)^p (c+x)^q and its first two derivatives, for x in [0, 1].
    @inline(__always) private func shape(_ x: Double, _ p: Double, _ c: Double, _ q: Double) -> (Double, Double, Double) {
        let a = 1 - x, b = c + x
        let A = pow(a, p), B = pow(b, q)
        let A1 = -p * pow(a, p - 1), B1 = q * pow(b, q - 1)
        let A2 = p * (p - 1) * pow(a, p - 2), B2 = q * (q - 1) * pow(b, q - 2)
        return (A * B, A1 * B + A * B1, A2 * B + 2 * A1 * B1 + A * B2)
    }

    public func response(opening d: Vec3) -> CohesiveResponse {
        let pn = normalEnergy, pt = shearEnergy
        // Normal factor F(Δn) and its derivatives (in Δn).
        let xn = min(max(d.x, 0), deltaN) / deltaN
        let (hn, hn1, hn2) = xn >= 1 ? (0.0, 0.0, 0.0) : shape(xn, alpha, m / alpha, m)
        let F = gammaN * hn + max(pn - pt, 0)
        let inside = d.x >= 0 && d.x < deltaN  // at δn = 0 the opening-side stiffness
        let F1 = inside ? gammaN * hn1 / deltaN : 0
        let F2 = inside ? gammaN * hn2 / (deltaN * deltaN) : 0
        // Tangential factor H(|Δt|).
        let y = (d.y * d.y + d.z * d.z).squareRoot()
        let xt = min(y, deltaT) / deltaT
        let (ht, ht1, ht2) = xt >= 1 ? (0.0, 0.0, 0.0) : shape(xt, beta, n / beta, n)
        let H = gammaT * ht + max(pt - pn, 0)
        let slipping = y < deltaT
        let H1 = slipping ? gammaT * ht1 / deltaT : 0
        let H2 = slipping ? gammaT * ht2 / (deltaT * deltaT) : 0
        var energy = min(pn, pt) + F * H
        var t = Vec3(F1 * H, 0, 0)
        var k = Mat3.zero
        k[0, 0] = F2 * H
        let u = y > 1e-300 ? Vec3(0, d.y / y, d.z / y) : Vec3.zero
        t.y = F * H1 * u.y; t.z = F * H1 * u.z
        for j in 1...2 {
            k[0, j] = F1 * H1 * u[j]; k[j, 0] = k[0, j]
            for l in 1...2 {
                if y > 1e-12 * deltaT {
                    k[j, l] = F * (H2 * u[j] * u[l] + H1 / y * ((j == l ? 1 : 0) - u[j] * u[l]))
                } else {
                    k[j, l] = j == l ? F * H2 : 0  // H'(0) = 0, so H'/y -> H''(0)
                }
            }
        }
        if d.x < 0 {
            energy += 0.5 * penaltyStiffness * d.x * d.x
            t.x += penaltyStiffness * d.x
            k[0, 0] += penaltyStiffness
        }
        return CohesiveResponse(energy: energy, traction: t, tangent: k)
    }
    public var workOfSeparation: Double { normalEnergy }
    public var peakTraction: Double { normalStrength }
    public var peakOpening: Double { lambdaN * deltaN }
    public var summary: String {
        "PPR(φn=\(normalEnergy), φt=\(shearEnergy), σmax=\(normalStrength), τmax=\(shearStrength), α=\(alpha), β=\(beta), λn=\(lambdaN), λt=\(lambdaT))"
    }
}
