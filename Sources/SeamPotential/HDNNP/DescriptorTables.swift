import SeamCore

/// One member of a radial group (types 2 and 12), parameters in internal units.
struct RadialMember: Sendable {
    var eta: Double, rs: Double, scale: Double, index: Int
    /// The Gaussian is slot^power (see `ExponentialSlot`).
    var slot: Int = 0, power: Int = 1
}

/// A Gaussian factor shared by several members of a group: exp(-eta X) for the smallest eta
/// of members with equal rs. A member whose eta is an integer multiple n <= 64 of it uses
/// slot^n (square-and-multiply) instead of its own exp, which saves most exponentials of the
/// water potential (etas 0.01, 0.03, 0.07, 0.2 share one). The result differs from a direct
/// exp by at most about n ulps relative (< 2e-14), far inside the 1e-13 parity budget.
struct ExponentialSlot: Sendable, Hashable {
    var eta: Double, rs: Double, shifted: Bool
}

/// Assigns slots and powers to members given as (eta, rs, shifted); members must be visited in
/// any order, the smallest eta per (rs, shifted) becomes the slot.
func exponentialSlots(_ members: [(eta: Double, rs: Double, shifted: Bool)]) -> (slots: [ExponentialSlot], assignment: [(slot: Int, power: Int)]) {
    var slots: [ExponentialSlot] = []
    var assignment: [(Int, Int)] = []
    for m in members {
        let base = members.filter { $0.rs == m.rs && $0.shifted == m.shifted && $0.eta > 0 }.map(\.eta).min()
        var slot = ExponentialSlot(eta: m.eta, rs: m.rs, shifted: m.shifted)
        var power = 1
        if let base, m.eta > 0 {
            let ratio = m.eta / base
            let n = ratio.rounded()
            if n <= 64 && abs(ratio - n) <= 1e-9 * ratio { slot.eta = base; power = Int(n) }
        }
        if let k = slots.firstIndex(of: slot) { assignment.append((k, power)) } else { slots.append(slot); assignment.append((slots.count - 1, power)) }
    }
    return (slots, assignment)
}

/// Radial symmetry functions of one central element sharing (type, cutoff, neighbour element):
/// one pass over the neighbours updates all members (n2p2 `SymGrpBaseCutoff` groups).
struct RadialGroup: Sendable {
    /// Neighbour element index, or -1 for all elements (type 12, weighted by Z).
    var neighborElement: Int
    var weighted: Bool
    var cutoffIndex: Int
    var cutoff: Double
    var members: [RadialMember]
    var slots: [ExponentialSlot] = []
}

/// One member of an angular group (types 3, 9, 13), parameters in internal units.
struct AngularMember: Sendable {
    var eta: Double, rs: Double, lambda: Double, zeta: Double
    /// zeta - 1 when zeta is an integer (power by square-and-multiply), else -1.
    var integerPower: Int
    /// N = 2^(1-zeta) s, and D = ((2 eta)/zeta)/lambda (n2p2-format.md section 10).
    var norm: Double, d: Double, scale: Double
    var shifted: Bool
    var index: Int
    /// The Gaussian factor is slot^power (see `ExponentialSlot`).
    var slot: Int = 0, power: Int = 1
    /// False when the previous member has the same (slot, power): its Gaussian is reused
    /// (the sort order puts lambda = -1 and +1 of equal eta, zeta side by side).
    var newGaussian: Bool = true
}

struct AngularGroup: Sendable {
    /// 3, 9 or 13.
    var type: Int
    /// Neighbour elements (e1 <= e2), or -1 for all (type 13).
    var element1: Int, element2: Int
    var cutoffIndex: Int
    var cutoff: Double
    var members: [AngularMember]
    var slots: [ExponentialSlot] = []
}

/// One member of a compact group (types 20-25), internal units, angles in radians.
struct CompactMember: Sendable {
    var radial: CompactWindow
    var angular: CompactWindow?
    var scale: Double
    var index: Int
}

/// Compact-support symmetry functions sharing (type, subtype, neighbour elements).
struct CompactGroup: Sendable {
    var type: Int
    /// Neighbour elements, -1 for all (weighted types 23-25); element2 = -1 for radial types.
    var element1: Int, element2: Int
    var weighted: Bool
    var angular: Bool
    /// Whether the r_jk window applies (types 21 and 24).
    var usesJK: Bool
    var minimumRadius: Double, maximumRadius: Double
    var members: [CompactMember]
}

/// Everything the kernel needs for one central element, in internal units (n2p2 section 8).
struct ElementDescriptors: Sendable {
    var count: Int
    /// Distinct cutoff functions used by groups of types 2, 3, 9, 12, 13.
    var cutoffFunctions: [CutoffFunction]
    var radial: [RadialGroup]
    var angular: [AngularGroup]
    var compact: [CompactGroup]
    /// G_scaled = shift[s] + factor[s] * (G_raw - reference[s]).
    var shift: [Double], factor: [Double], reference: [Double]
    var minimum: [Double], maximum: [Double]
    /// Largest SF cutoff of this element (internal length).
    var maximumCutoff: Double

    /// Builds the groups of one element. `lengthConversion` is conv_length (1 without normalisation).
    init(element: Int, settings: N2P2Settings, scaling: ScalingData, lengthConversion cl: Double) throws {
        let sfs = settings.symmetryFunctions[element]
        count = sfs.count
        var cutoffs: [CutoffFunction] = []
        func cutoffIndex(_ rc: Double) -> Int {
            if let i = cutoffs.firstIndex(where: { $0.radius == rc }) { return i }
            cutoffs.append(CutoffFunction(kind: settings.cutoffKind, radius: rc, alpha: settings.cutoffAlpha))
            return cutoffs.count - 1
        }
        // Scaling.
        shift = []; factor = []; reference = []; minimum = []; maximum = []
        for (s, e) in scaling.entries[element].enumerated() {
            let at = sfs[s].location
            let range = settings.scaleMax - settings.scaleMin
            minimum.append(e.minimum); maximum.append(e.maximum)
            switch settings.scalingMode {
            case .none: shift.append(0); factor.append(1); reference.append(0)
            case .center: shift.append(0); factor.append(1); reference.append(e.mean)
            case .scale, .scaleCenter:
                guard e.maximum > e.minimum else {
                    throw InputError("symmetry function \(s + 1) of \(settings.elements[element]) was constant in training (min = max = \(e.minimum)); scaling would divide by zero", at: at)
                }
                shift.append(settings.scaleMin); factor.append(range / (e.maximum - e.minimum))
                reference.append(settings.scalingMode == .scale ? e.minimum : e.mean)
            case .scaleSigma:
                guard let sigma = e.sigma, sigma > 0 else {
                    throw InputError("symmetry function \(s + 1) of \(settings.elements[element]) has no positive sigma in the scaling data, which sigma scaling needs", at: at)
                }
                shift.append(settings.scaleMin); factor.append(range / sigma); reference.append(e.mean)
            }
        }
        var radial: [RadialGroup] = [], angular: [AngularGroup] = [], compact: [CompactGroup] = []
        var maxCut = 0.0
        for (index, sf) in sfs.enumerated() {
            let rc = sf.cutoff * cl
            maxCut = max(maxCut, rc)
            let s = factor[index]
            switch sf.type {
            case 2, 12:
                let e1 = sf.element1 ?? -1
                let m = RadialMember(eta: sf.eta / (cl * cl), rs: sf.rs * cl, scale: s, index: index)
                if let g = radial.firstIndex(where: { $0.neighborElement == e1 && $0.weighted == (sf.type == 12) && $0.cutoff == rc }) {
                    radial[g].members.append(m)
                } else {
                    radial.append(RadialGroup(neighborElement: e1, weighted: sf.type == 12, cutoffIndex: cutoffIndex(rc), cutoff: rc, members: [m]))
                }
            case 3, 9, 13:
                let e1 = sf.element1 ?? -1, e2 = sf.element2 ?? -1
                let eta = sf.eta / (cl * cl), rs = sf.rs * cl
                let zr = sf.zeta.rounded()
                let isInt = abs(sf.zeta - zr) <= Double.leastNormalMagnitude
                let n = pow(2.0, 1 - sf.zeta) * s
                let m = AngularMember(eta: eta, rs: rs, lambda: sf.lambda, zeta: sf.zeta, integerPower: isInt ? Int(zr) - 1 : -1,
                                      norm: n, d: ((2 * eta) / sf.zeta) / sf.lambda, scale: s,
                                      shifted: sf.type == 13 || rs > 0, index: index)
                if let g = angular.firstIndex(where: { $0.type == sf.type && $0.element1 == e1 && $0.element2 == e2 && $0.cutoff == rc }) {
                    angular[g].members.append(m)
                } else {
                    angular.append(AngularGroup(type: sf.type, element1: e1, element2: e2, cutoffIndex: cutoffIndex(rc), cutoff: rc, members: [m]))
                }
            default:
                guard let (core, asym) = SymmetryFunction.core(of: sf.subtype) else {
                    throw InputError("unknown compact subtype '\(sf.subtype)'", at: sf.location)
                }
                let rl = sf.radialLow * cl
                let isAngular = !sf.isRadial
                let member = CompactMember(
                    radial: CompactWindow(low: rl, high: rc, core: core, asymmetric: asym),
                    angular: isAngular ? CompactWindow(low: sf.angleLow * Double.pi / 180, high: sf.angleHigh * Double.pi / 180, core: core, asymmetric: false) : nil,
                    scale: s, index: index)
                let e1 = sf.element1 ?? -1, e2 = sf.element2 ?? -1
                if let g = compact.firstIndex(where: { $0.type == sf.type && $0.element1 == e1 && $0.element2 == e2 && $0.members[0].radial.core == core && $0.members[0].radial.asymmetric == asym }) {
                    compact[g].members.append(member)
                    compact[g].minimumRadius = min(compact[g].minimumRadius, rl)
                    compact[g].maximumRadius = max(compact[g].maximumRadius, rc)
                } else {
                    compact.append(CompactGroup(type: sf.type, element1: e1, element2: e2, weighted: sf.isWeighted, angular: isAngular,
                                                usesJK: sf.type == 21 || sf.type == 24, minimumRadius: rl, maximumRadius: rc, members: [member]))
                }
            }
        }
        for g in radial.indices {
            let (slots, assignment) = exponentialSlots(radial[g].members.map { ($0.eta, $0.rs, false) })
            radial[g].slots = slots
            for (k, a) in assignment.enumerated() { radial[g].members[k].slot = a.slot; radial[g].members[k].power = a.power }
        }
        for g in angular.indices {
            let (slots, assignment) = exponentialSlots(angular[g].members.map { ($0.eta, $0.rs, $0.shifted) })
            angular[g].slots = slots
            for (k, a) in assignment.enumerated() {
                angular[g].members[k].slot = a.slot; angular[g].members[k].power = a.power
                if k > 0 { angular[g].members[k].newGaussian = !(assignment[k - 1].slot == a.slot && assignment[k - 1].power == a.power) }
            }
        }
        self.cutoffFunctions = cutoffs; self.radial = radial; self.angular = angular; self.compact = compact
        self.maximumCutoff = maxCut
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
