import Foundation
import SeamCore
import SeamPotential

/// A trained potential ready to be written as an n2p2 directory: `input.nn`, `scaling.data`,
/// one `weights.ZZZ.data` per element and `seam-units.txt` (length = angstrom, energy = ev).
/// Numbers are written with 17 significant digits, so reading back gives identical weights.
public struct TrainedPotential: Sendable {
    public let definition: PotentialDefinition
    public let settings: N2P2Settings
    public let scaling: ScalingData
    /// One network per element, Z order.
    public let networks: [ElementNetwork]

    public init(problem: TrainingProblem, parameters: [Double]) throws {
        definition = problem.definition; settings = problem.settings; scaling = problem.scaling
        networks = try problem.layout.elementNetworks(parameters)
    }

    /// A potential from a fitted definition (offsets and symmetry functions fixed), its
    /// descriptor scaling and a parameter vector in `NetworkLayout` order: e.g. one member of an
    /// `ActiveCommittee`.
    public init(definition: PotentialDefinition, scaling: ScalingData, parameters: [Double]) throws {
        self.definition = definition; settings = try definition.settings(); self.scaling = scaling
        networks = try NetworkLayout(settings: settings).elementNetworks(parameters)
    }

    /// The potential in memory (Å, eV).
    public func potential(threadCount: Int? = nil) throws -> HDNNP {
        try HDNNP(settings: settings, scaling: scaling, networks: networks, lengthUnit: .angstrom, energyUnit: .ev, threadCount: threadCount)
    }

    /// `weights.ZZZ.data` text: n2p2's column layout (value, then where it sits) with the
    /// value in %.17g; only the first column is read back.
    public static func weightsText(_ net: ElementNetwork, element: Element) -> String {
        var s = "# Weights and biases of the \(element.symbol) network \(net.layerSizes.map(String.init).joined(separator: "-")), written by Seam training.\n"
        s += "# value  kind(a=weight,b=bias)  layer  from  to\n"
        let p = net.parameterValues
        var q = 0
        for l in 1..<net.layerSizes.count {
            let nIn = net.layerSizes[l - 1], nOut = net.layerSizes[l]
            for j in 0..<nIn { for k in 0..<nOut { s += "\(fmt(p[q])) a \(l) \(j + 1) \(k + 1)\n"; q += 1 } }
            for k in 0..<nOut { s += "\(fmt(p[q])) b \(l) \(k + 1)\n"; q += 1 }
        }
        return s
    }

    /// File name and text of every file of the potential directory.
    public var files: [(name: String, text: String)] {
        var out: [(String, String)] = [("input.nn", definition.inputNN), ("scaling.data", ScalingStatistics.format(scaling)),
                                       ("seam-units.txt", "# Units of the n2p2 files beside this one.\nlength = angstrom\nenergy = ev\n")]
        for (k, e) in settings.elements.enumerated() {
            out.append((String(format: "weights.%03d.data", e.atomicNumber), Self.weightsText(networks[k], element: e)))
        }
        return out
    }
}
