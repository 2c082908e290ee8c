import Foundation
import SeamCore
import SeamPotential

/// Everything of an n2p2 `input.nn` that training decides: elements, per-element offset
/// energies, cutoff, symmetry functions, scaling mode and network topology. Lengths in Å,
/// energies in eV; no normalisation keywords are written (the networks predict eV directly).
///
/// The potential's settings are obtained by rendering `inputNN` and parsing it with
/// `N2P2Settings.parse`, so the in-memory model and the written file cannot disagree.
public struct PotentialDefinition: Sendable, Hashable {
    /// Elements (sorted by Z on rendering).
    public var elements: [Element]
    /// Offset energy per element (eV), written as `atom_energy`.
    public var atomEnergies: [Element: Double]
    /// n2p2 cutoff function kind and alpha.
    public var cutoffKind: CutoffKind
    public var cutoffAlpha: Double
    /// `symfunction_short` values (the text after the keyword), Å.
    public var symmetryFunctionLines: [String]
    public var scalingMode: ScalingMode
    public var scaleMin: Double
    public var scaleMax: Double
    /// Hidden-layer widths (shared by all elements).
    public var hiddenLayers: [Int]
    /// Activation of each hidden layer and the output (count = hiddenLayers.count + 1).
    public var activations: [Activation]

    public init(elements: [Element], atomEnergies: [Element: Double] = [:], cutoffKind: CutoffKind = .polynomial2, cutoffAlpha: Double = 0,
                symmetryFunctionLines: [String], scalingMode: ScalingMode = .scaleCenter, scaleMin: Double = 0, scaleMax: Double = 1,
                hiddenLayers: [Int], activations: [Activation]) throws {
        guard activations.count == hiddenLayers.count + 1 else {
            throw InputError("need \(hiddenLayers.count + 1) activations (hidden layers and output), got \(activations.count)")
        }
        for a in activations where !TrainableActivation.supported.contains(a) {
            throw InputError("activation '\(a.rawValue)' is not supported for training", suggestion: "use l (identity), t (tanh), s (logistic) or p (softplus)")
        }
        guard !elements.isEmpty else { throw InputError("a potential needs at least one element") }
        self.elements = elements.sorted(); self.atomEnergies = atomEnergies; self.cutoffKind = cutoffKind; self.cutoffAlpha = cutoffAlpha
        self.symmetryFunctionLines = symmetryFunctionLines; self.scalingMode = scalingMode; self.scaleMin = scaleMin; self.scaleMax = scaleMax
        self.hiddenLayers = hiddenLayers; self.activations = activations
    }

    /// The `input.nn` text (units stated in the header comment).
    public var inputNN: String {
        var s = "# n2p2 potential written by Seam training. Units: length = angstrom, energy = eV (see seam-units.txt).\n"
        s += "nnp_type 2G-HDNNP\n"
        s += "number_of_elements \(elements.count)\n"
        s += "elements \(elements.map(\.symbol).joined(separator: " "))\n"
        for e in elements { s += "atom_energy \(e.symbol) \(fmt(atomEnergies[e] ?? 0))\n" }
        s += "cutoff_type \(cutoffKind.rawValue)\(cutoffAlpha != 0 ? " " + fmt(cutoffAlpha) : "")\n"
        switch scalingMode {
        case .none: break
        case .scale: s += "scale_symmetry_functions\n"
        case .center: s += "center_symmetry_functions\n"
        case .scaleCenter: s += "scale_symmetry_functions\ncenter_symmetry_functions\n"
        case .scaleSigma: s += "scale_symmetry_functions_sigma\n"
        }
        s += "scale_min_short \(fmt(scaleMin))\nscale_max_short \(fmt(scaleMax))\n"
        s += "global_hidden_layers_short \(hiddenLayers.count)\n"
        if !hiddenLayers.isEmpty { s += "global_nodes_short \(hiddenLayers.map(String.init).joined(separator: " "))\n" }
        s += "global_activation_short \(activations.map { String($0.rawValue) }.joined(separator: " "))\n"
        for l in symmetryFunctionLines { s += "symfunction_short \(l)\n" }
        return s
    }

    /// The parsed settings (symmetry functions in n2p2's sorted order).
    public func settings() throws -> N2P2Settings {
        try N2P2Settings.parse(inputNN, source: "<generated input.nn>")
    }
}

/// Activation functions with the second derivative training needs (d^2y/dx^2 from y and y').
enum TrainableActivation {
    static let supported: Set<Activation> = [.identity, .tanh, .logistic, .softplus]
}
