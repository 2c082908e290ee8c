#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The cutoff function kinds of n2p2 (`cutoff_type T [alpha]`), numbered as in n2p2.
public enum CutoffKind: Int, Sendable, Hashable, CaseIterable {
    case hard = 0, cosine = 1, tanhUnnormalized = 2, tanh = 3, exponential = 4
    case polynomial1 = 5, polynomial2 = 6, polynomial3 = 7, polynomial4 = 8
}

/// The polynomial and exponential "cores" shared by the cutoff functions 4-8 and the compact
/// windows of symmetry-function types 20-25 (n2p2 `CoreFunction`).
public enum CoreKind: String, Sendable, Hashable {
    case polynomial1 = "p1", polynomial2 = "p2", polynomial3 = "p3", polynomial4 = "p4", exponential = "e"
}

/// Core function c(x) on [0, 1) and its derivative, in n2p2's operation order (no FMA).
///
/// Hand-written because the exact operation order decides the last bits of n2p2 parity.
@inlinable
func coreValue(_ kind: CoreKind, _ x: Double) -> (value: Double, derivative: Double) {
    switch kind {
    case .polynomial1:
        return ((2 * x - 3) * x * x + 1, x * (6 * x - 6))
    case .polynomial2:
        let x2 = x * x
        return (((((15 - 6 * x) * x) - 10) * x) * x2 + 1, x2 * ((60 - 30 * x) * x - 30))
    case .polynomial3:
        let x2 = x * x
        return (((x * (x * (20 * x - 70) + 84) - 35) * x2) * x2 + 1,
                (x2 * x) * (x * (x * (140 * x - 420) + 420) - 140))
    case .polynomial4:
        let x2 = x * x, x4 = x2 * x2
        return (((x * (x * ((315 - 70 * x) * x - 540) + 420) - 126) * x) * x4 + 1,
                x4 * (x * (x * ((2520 - 630 * x) * x - 3780) + 2520) - 630))
    case .exponential:
        let t = 1 / (x * x - 1)
        let et = exp(t)
        return (M_E * et, ((((-2 * M_E) * x) * t) * t) * et)
    }
}

/// A cutoff function fc(r) with cutoff radius rc and inner radius alpha*rc, in n2p2's arithmetic.
///
/// Radii are in the potential's internal length unit. Used only for r < rc (callers test).
public struct CutoffFunction: Sendable, Hashable {
    public let kind: CutoffKind
    /// Cutoff radius (internal length unit).
    public let radius: Double
    /// Inner radius fraction alpha (0 <= alpha < 1); fc = 1 below alpha*rc for kinds 1 and 4-8.
    public let alpha: Double
    @usableFromInline let inverseRadius: Double
    @usableFromInline let innerRadius: Double
    @usableFromInline let inverseWidth: Double
    /// ((e + 1/e)/(e - 1/e))^3, which makes the tanh cutoff equal 1 at r = 0.
    @usableFromInline static let tanhNormalization: Double = {
        let e = exp(1.0)
        let r = (e + 1 / e) / (e - 1 / e)
        return r * r * r
    }()

    public init(kind: CutoffKind, radius: Double, alpha: Double = 0) {
        self.kind = kind; self.radius = radius; self.alpha = alpha
        inverseRadius = 1 / radius
        innerRadius = alpha * radius
        inverseWidth = 1 / (radius - alpha * radius)
    }

    /// tanh(y) for 0 < y <= 1 as (1 - e)/(1 + e) with e = exp(-2y).
    ///
    /// glibc's tanh goes through expm1 and was a quarter of the water benchmark's time
    /// (perf, `seam-bench` HDNNP); this form costs one exp. Its relative error is below
    /// 1e-13 for y > 0.005 and grows like 1e-16/y closer to the cutoff, where fc = tanh^3
    /// is below 1e-7, so the absolute error of fc stays below 1e-20.
    @inlinable @inline(__always)
    static func tanhOfUnitArgument(_ y: Double) -> Double {
        let e = exp(-2 * y)
        return (1 - e) / (1 + e)
    }

    /// fc(r) and dfc/dr for 0 <= r < rc.
    @inlinable
    public func evaluate(_ r: Double) -> (value: Double, derivative: Double) {
        switch kind {
        case .hard:
            return (1, 0)
        case .tanhUnnormalized:
            let u = CutoffFunction.tanhOfUnitArgument(1 - r * inverseRadius)
            let u2 = u * u
            return (u * u2, ((3 * u2) * (u2 - 1)) * inverseRadius)
        case .tanh:
            let u = CutoffFunction.tanhOfUnitArgument(1 - r * inverseRadius)
            let u2 = u * u
            let p = CutoffFunction.tanhNormalization
            return ((p * u) * u2, (((3 * p) * u2) * (u2 - 1)) * inverseRadius)
        default:
            if r < innerRadius { return (1, 0) }
            let x = (r - innerRadius) * inverseWidth
            switch kind {
            case .cosine:
                let c = cos(Double.pi * x)
                return (0.5 * (c + 1), ((-0.5 * inverseWidth) * Double.pi) * (1 - c * c).squareRoot())
            case .exponential:
                let v = coreValue(.exponential, x); return (v.value, v.derivative * inverseWidth)
            case .polynomial1:
                let v = coreValue(.polynomial1, x); return (v.value, v.derivative * inverseWidth)
            case .polynomial2:
                let v = coreValue(.polynomial2, x); return (v.value, v.derivative * inverseWidth)
            case .polynomial3:
                let v = coreValue(.polynomial3, x); return (v.value, v.derivative * inverseWidth)
            default:
                let v = coreValue(.polynomial4, x); return (v.value, v.derivative * inverseWidth)
            }
        }
    }
}

/// A compact window C(y; l, h) of symmetry-function types 20-25 (n2p2 `CompactFunction`):
/// C = core(x) with x = |(y - c)/w|, c = (h+l)/2, w = (h-l)/2; zero outside (l, h).
///
/// The asymmetric variant (`pNa`, radial windows only) uses core((2-x)x).
public struct CompactWindow: Sendable, Hashable {
    public let low: Double
    public let high: Double
    public let core: CoreKind
    public let asymmetric: Bool
    @usableFromInline let center: Double
    @usableFromInline let inverseHalfWidth: Double

    public init(low: Double, high: Double, core: CoreKind, asymmetric: Bool) {
        self.low = low; self.high = high; self.core = core; self.asymmetric = asymmetric
        center = (high + low) / 2
        inverseHalfWidth = 1 / ((high - low) / 2)
    }

    /// C(y) and dC/dy for low < y < high.
    @inlinable
    public func evaluate(_ y: Double) -> (value: Double, derivative: Double) {
        let d = y - center
        let x = abs(d * inverseHalfWidth)
        let sign = copysign(inverseHalfWidth, d)
        if asymmetric {
            let v = coreValue(core, (2 - x) * x)
            return (v.value, v.derivative * (2 - 2 * x) * sign)
        }
        let v = coreValue(core, x)
        return (v.value, v.derivative * sign)
    }
}
