import Foundation
import SeamCore

/// A Behler-Parrinello high-dimensional neural network potential read from n2p2 files
/// (2G-HDNNP: short-range atomic networks on atom-centred symmetry functions).
///
/// E = Σ_i E_{e(i)}(G_i), with G_i the scaled symmetry functions of atom i and E_e the
/// element's network (Behler and Parrinello, PRL 98, 146401 (2007); n2p2: Singraber et al.,
/// JCTC 15, 1827 (2019)). Forces are analytic, F_j = -Σ_i Σ_s ∂E_i/∂G_is ∂G_is/∂r_j,
/// including an atom's own periodic images; the virial is W = Σ_entries f ⊗ r.
///
/// Units: n2p2 files carry none, so the file length and energy units are declared here and
/// converted at this boundary; `evaluate` takes Å and returns eV, eV/Å, eV like every
/// `Potential`. Arithmetic follows n2p2 (section 10 of the format notes) so that energies
/// agree with `nnp-predict` to about 1e-13 relative.
///
/// ## Design notes
/// - Layers: pure parsers (`N2P2Settings`, `ScalingData`, `ElementNetwork.parse`) produce
///   values; `HDNNP`/`Committee` validate and build internal tables (`ElementDescriptors`:
///   n2p2's symmetry-function groups in internal units); only SeamIO's
///   `N2P2PotentialLoader` opens files.
/// - Evaluation (`HDNNPEngine`) is per atom with a per-thread workspace allocated once: gather
///   the neighbourhood from the `NeighborList` (vectors flipped to n2p2's r_i - r_j and
///   scaled to internal units), compute G and dG/dr_j for that atom only, run the network
///   forward and backward (standard reverse pass for dE/dG), contract into forces and the
///   virial, and move on. Nothing of size N x neighbours x SFs is stored (n2p2 stores it all),
///   so memory is the neighbour list plus O(threads x neighbours x SFs).
/// - Atoms are split into one contiguous chunk per thread (`threadCount`, default all
///   cores); each chunk has its own force buffer, summed in chunk order, so results are
///   deterministic for a given thread count.
/// - Speed (water benchmark in `seam-bench`): n2p2 groups, Gaussian factors shared between
///   members whose eta are integer multiples (`ExponentialSlot`), tanh cutoff via one exp,
///   self-derivatives from translation invariance. These change results by a few ulps only.
/// - Self-images: an entry j == i (own periodic image) is an ordinary neighbour; its gradient
///   goes to atom i, which is the correct force (n2p2 master drops it; see format notes 11).
/// - Masked triplets (j, k not interacting) are skipped in every angular group.
/// - Not implemented: 4G/charge-equilibrated HDNNPs, per-element topology overrides
///   (`element_*_short`, rejected with a located error), n2p2's "too few neighbours" warning.
public struct HDNNP: Potential {
    public let settings: N2P2Settings
    public let scaling: ScalingData
    /// One network per element index (Z order).
    public let networks: [ElementNetwork]
    public let lengthUnit: LengthUnit
    public let energyUnit: EnergyUnit
    /// Threads used by `evaluate` (default: all active processors).
    public var threadCount: Int
    let engine: HDNNPEngine

    /// Builds a potential from parsed parts.
    ///
    /// - Parameters:
    ///   - lengthUnit, energyUnit: the units the n2p2 files were written in (never guessed).
    ///   - threadCount: threads for evaluation; nil = all active processors.
    public init(settings: N2P2Settings, scaling: ScalingData, networks: [ElementNetwork],
                lengthUnit: LengthUnit, energyUnit: EnergyUnit, threadCount: Int? = nil) throws {
        try HDNNP.validate(networks, settings: settings)
        self.settings = settings; self.scaling = scaling; self.networks = networks
        self.lengthUnit = lengthUnit; self.energyUnit = energyUnit
        self.threadCount = max(1, threadCount ?? ProcessInfo.processInfo.activeProcessorCount)
        engine = try HDNNPEngine(settings: settings, scaling: scaling, lengthUnit: lengthUnit, energyUnit: energyUnit)
    }

    /// Checks one network per element with the topology and activations of `settings`
    /// (shared by single potentials and every committee member).
    static func validate(_ networks: [ElementNetwork], settings: N2P2Settings, context: String = "") throws {
        guard networks.count == settings.elements.count else {
            throw InputError("\(context)\(settings.elements.count) elements but \(networks.count) networks")
        }
        for (k, net) in networks.enumerated() where net.layerSizes != settings.layerSizes[k] || net.activations != settings.activations[k] {
            throw InputError("\(context)network of \(settings.elements[k]) has topology \(net.layerSizes) \(net.activations), settings say \(settings.layerSizes[k]) \(settings.activations[k])")
        }
    }

    /// Largest symmetry-function cutoff, Å.
    public var cutoff: Double { engine.cutoff }
    public var supportedElements: [Element]? { settings.elements }

    /// Energy (eV), forces (eV/Å), virial (eV) and per-atom energies (eV), with n2p2's
    /// extrapolation warnings counted (values are never clamped).
    public func evaluate(_ structure: Structure, neighbors: NeighborList, request: EvaluationRequest) throws -> PotentialResult {
        let out = try engine.run(structure, neighbors: neighbors, request: request, networks: [networks], threads: threadCount)
        return PotentialResult(energy: out.energies[0], forces: out.forces.first ?? [], virial: out.virials[0],
                               atomEnergies: out.atomEnergies.first ?? [], extrapolationCount: out.extrapolationCount,
                               extrapolationWarnings: out.extrapolationWarnings)
    }

    /// Raw symmetry-function values G[atom][sf] before scaling, in n2p2's internal units
    /// (dimensionless for the shipped types), in the potential's sorted SF order.
    public func symmetryFunctionValues(_ structure: Structure, mask: InteractionMask? = nil) throws -> [[Double]] {
        try checkElements(structure)
        return try engine.descriptors(structure, neighbors: NeighborList(structure: structure, cutoff: cutoff, mask: mask))
    }
}
