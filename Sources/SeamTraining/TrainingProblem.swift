import Dispatch
import SeamCore
import SeamPotential

/// A configuration ready for training: its scaled descriptors with position derivatives and
/// its labels with the per-element offset energies removed.
public struct PreparedConfiguration: Sendable {
    public let name: String
    public let descriptors: StructureDescriptors
    /// Reference energy minus Σ atom offsets, eV (what the networks must sum to).
    public let targetEnergy: Double
    /// Σ atom offsets, eV.
    public let offsetEnergy: Double
    /// Reference forces, eV/Å, 3N values (x y z per atom).
    public let referenceForces: [Double]
    public var atomCount: Int { descriptors.atomCount }
}

/// Weights of the two loss terms:
/// L = energy · mean_c (ΔE_c / N_c)^2 + force · mean over force components (ΔF)^2,
/// with ΔE in eV and ΔF in eV/Å (so L has units eV^2/atom^2 and eV^2/Å^2 mixed by the weights).
public struct LossWeights: Sendable, Hashable, Codable {
    public var energy: Double
    public var force: Double
    public init(energy: Double = 1, force: Double = 1) { self.energy = energy; self.force = force }
}

/// Root-mean-square errors of a model on a set of configurations.
public struct ErrorFigures: Sendable, Hashable {
    /// sqrt(mean_c (ΔE_c/N_c)^2), eV/atom.
    public var energyPerAtom: Double
    /// sqrt(mean over components ΔF^2), eV/Å.
    public var force: Double
    /// Root mean square of the reference force components, eV/Å (scale for relative errors).
    public var referenceForceRMS: Double
}

/// The fixed part of an HDNNP fit: the potential definition (symmetry functions, offsets,
/// topology), the scaling statistics of the training set, and the prepared configurations.
/// The loss and its exact gradient are functions of a flat parameter vector (`NetworkLayout`).
public struct TrainingProblem: Sendable {
    /// The definition with fitted offsets and without constant symmetry functions.
    public let definition: PotentialDefinition
    public let settings: N2P2Settings
    public let scaling: ScalingData
    public let layout: NetworkLayout
    public let training: [PreparedConfiguration]
    public let validation: [PreparedConfiguration]
    /// Symmetry functions dropped because they were constant on the training set (their lines).
    public let droppedSymmetryFunctions: [String]

    /// Prepares a fit.
    ///
    /// - Parameters:
    ///   - data: training and validation configurations (eV, Å).
    ///   - definition: symmetry functions and topology; its `atomEnergies` are replaced by a
    ///     least-squares fit on the training set when `fitReferenceEnergies` is set.
    ///   - threads: threads for descriptor computation.
    /// - Throws: `InputError` when an element of the definition has no atom in the training set
    ///   or a configuration contains an element the definition lacks.
    public init(data: DataSplit, definition: PotentialDefinition, fitReferenceEnergies: Bool = true, threads: Int = 1) throws {
        guard !data.training.isEmpty else { throw InputError("the training set is empty") }
        var def = definition
        let present = Set(data.training.flatMap(\.structure.elements))
        for e in def.elements where !present.contains(e) {
            throw InputError("element \(e) has no atom in the training set", suggestion: "remove it from the potential's elements")
        }
        for c in data.training + data.validation {
            if let bad = c.structure.elements.first(where: { !def.elements.contains($0) }) {
                throw InputError("configuration '\(c.name)' contains \(bad), which is not among the potential's elements")
            }
        }
        if fitReferenceEnergies { def.atomEnergies = try ReferenceEnergies.fit(data.training, elements: def.elements) }
        // Statistics of the raw descriptors; drop functions that are constant on the training set.
        let first = try def.settings()
        let stats = try ScalingStatistics.compute(data.training.map(\.structure), settings: first)
        var lines: [String] = [], kept: [[ScalingData.Entry]] = [], dropped: [String] = []
        for (e, sfs) in first.symmetryFunctions.enumerated() {
            var k: [ScalingData.Entry] = []
            for (s, sf) in sfs.enumerated() {
                let x = stats.entries[e][s]
                let line = try sf.line(elements: first.elements)
                if !(x.maximum - x.minimum > 1e-10 * max(1, abs(x.maximum))) { dropped.append(line); continue }
                lines.append(line); k.append(x)
            }
            guard !k.isEmpty else { throw InputError("every symmetry function of \(first.elements[e]) is constant on the training set") }
            kept.append(k)
        }
        def.symmetryFunctionLines = lines
        let settings = try def.settings()
        let scaling = ScalingData(perElement: kept)
        precondition(settings.symmetryFunctions.map(\.count) == kept.map(\.count), "symmetry-function order changed on re-parsing")
        self.definition = def; self.settings = settings; self.scaling = scaling
        self.layout = NetworkLayout(settings: settings)
        self.droppedSymmetryFunctions = dropped
        let calc = try DescriptorCalculator(settings: settings, scaling: scaling)
        let offsets = def.atomEnergies
        training = try Self.prepare(data.training, calc, offsets, threads: threads)
        validation = try Self.prepare(data.validation, calc, offsets, threads: threads)
    }

    static func prepare(_ configs: [TrainingConfiguration], _ calc: DescriptorCalculator, _ offsets: [Element: Double],
                        threads: Int) throws -> [PreparedConfiguration] {
        final class Box: @unchecked Sendable { var items: [Result<PreparedConfiguration, Error>?] = [] }
        let box = Box()
        box.items = [Result<PreparedConfiguration, Error>?](repeating: nil, count: configs.count)
        let t = max(1, min(threads, configs.count))
        box.items.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: t) { k in
                for q in stride(from: k, to: configs.count, by: t) {
                    let c = configs[q]
                    out[q] = Result {
                        let d = try calc.compute(c.structure, derivatives: true)
                        let off = c.structure.elements.reduce(0.0) { $0 + offsets[$1]! }
                        return PreparedConfiguration(name: c.name, descriptors: d, targetEnergy: c.energy - off, offsetEnergy: off,
                                                     referenceForces: c.forces.flatMap { [$0.x, $0.y, $0.z] })
                    }
                }
            }
        }
        return try box.items.map { try $0!.get() }
    }

    /// Loss over `batch` (indices into `training`) and its gradient with respect to every
    /// parameter, evaluated on `threads` threads (static partition, per-thread gradient
    /// buffers summed in thread order: the result does not depend on scheduling).
    public func lossAndGradient(parameters: [Double], batch: [Int], weights: LossWeights, threads: Int = 1) -> (loss: Double, gradient: [Double]) {
        Self.lossAndGradient(parameters: parameters, configurations: batch.map { training[$0] }, layout: layout, weights: weights, threads: threads)
    }

    static func lossAndGradient(parameters: [Double], configurations: [PreparedConfiguration], layout: NetworkLayout,
                                weights: LossWeights, threads: Int) -> (loss: Double, gradient: [Double]) {
        precondition(parameters.count == layout.parameterCount, "parameter vector has the wrong length")
        let nc = configurations.count
        guard nc > 0 else { return (0, [Double](repeating: 0, count: layout.parameterCount)) }
        let components = 3 * configurations.reduce(0) { $0 + $1.atomCount }
        let cE = weights.energy / Double(nc), cF = weights.force / Double(components)
        let t = max(1, min(threads, nc))
        let np = layout.parameterCount
        var buffers = [Double](repeating: 0, count: t * np)
        var partial = [Double](repeating: 0, count: t)
        parameters.withUnsafeBufferPointer { p in
            buffers.withUnsafeMutableBufferPointer { g in
                partial.withUnsafeMutableBufferPointer { part in
                    nonisolated(unsafe) let g = g, part = part, p = p
                    DispatchQueue.concurrentPerform(iterations: t) { k in
                        let ws = GradientWorkspace(layout: layout)
                        var loss = 0.0
                        for q in (nc * k / t)..<(nc * (k + 1) / t) {
                            let c = configurations[q]
                            let (dE, sF) = GradientKernel.accumulate(c, layout, p.baseAddress!, energyCoefficient: cE, forceCoefficient: cF,
                                                                     gradient: g.baseAddress! + k * np, ws)
                            let n = Double(c.atomCount)
                            loss += cE * (dE / n) * (dE / n) + cF * sF
                        }
                        part[k] = loss
                    }
                }
            }
        }
        var gradient = Array(buffers[0..<np])
        for k in 1..<t { for q in 0..<np { gradient[q] += buffers[k * np + q] } }
        return (partial.reduce(0, +), gradient)
    }

    /// Energy (eV, offsets included) and forces (eV/Å) the model predicts for a prepared configuration.
    public func predict(parameters: [Double], _ c: PreparedConfiguration) -> (energy: Double, forces: [Vec3]) {
        let ws = GradientWorkspace(layout: layout)
        let e = parameters.withUnsafeBufferPointer { GradientKernel.predict(c, layout, $0.baseAddress!, ws, forces: true) }
        return (e + c.offsetEnergy, (0..<c.atomCount).map { Vec3(ws.forces[3 * $0], ws.forces[3 * $0 + 1], ws.forces[3 * $0 + 2]) })
    }

    /// RMS errors on a set of prepared configurations (threaded over configurations).
    public func errors(parameters: [Double], on set: [PreparedConfiguration], threads: Int = 1) -> ErrorFigures {
        guard !set.isEmpty else { return ErrorFigures(energyPerAtom: 0, force: 0, referenceForceRMS: 0) }
        let t = max(1, min(threads, set.count))
        var sums = [Double](repeating: 0, count: 3 * t)
        let layout = layout
        parameters.withUnsafeBufferPointer { p in
            sums.withUnsafeMutableBufferPointer { s in
                nonisolated(unsafe) let s = s, p = p
                DispatchQueue.concurrentPerform(iterations: t) { k in
                    let ws = GradientWorkspace(layout: layout)
                    var e2 = 0.0, f2 = 0.0, r2 = 0.0
                    for q in (set.count * k / t)..<(set.count * (k + 1) / t) {
                        let c = set[q]
                        let e = GradientKernel.predict(c, layout, p.baseAddress!, ws, forces: true)
                        let de = (e - c.targetEnergy) / Double(c.atomCount)
                        e2 += de * de
                        for (i, r) in c.referenceForces.enumerated() { let d = ws.forces[i] - r; f2 += d * d; r2 += r * r }
                    }
                    s[3 * k] = e2; s[3 * k + 1] = f2; s[3 * k + 2] = r2
                }
            }
        }
        var e2 = 0.0, f2 = 0.0, r2 = 0.0
        for k in 0..<t { e2 += sums[3 * k]; f2 += sums[3 * k + 1]; r2 += sums[3 * k + 2] }
        let comps = Double(3 * set.reduce(0) { $0 + $1.atomCount })
        return ErrorFigures(energyPerAtom: (e2 / Double(set.count)).squareRoot(), force: (f2 / comps).squareRoot(),
                            referenceForceRMS: (r2 / comps).squareRoot())
    }

    /// The trained potential as an in-memory `HDNNP` (Å, eV).
    public func potential(parameters: [Double], threadCount: Int? = nil) throws -> HDNNP {
        try HDNNP(settings: settings, scaling: scaling, networks: layout.elementNetworks(parameters),
                  lengthUnit: .angstrom, energyUnit: .ev, threadCount: threadCount)
    }
}
