import Foundation
import SeamCore
import SeamPotential
import SeamCohesive
import SeamTraining

/// An active-learning deck made ready to run: sampling conditions built, start structures,
/// held-out set and oracle loaded. `seam learn DECK` is `ActiveLearningJob(deck:).run`.
///
/// Files written in the deck's `run_directory` are those of `ActiveLearningRun` (dataset,
/// failures log, state, learning curve, disagreement trace) plus, at the end, the committee as
/// n2p2 potential directories `committee/member-K` (Å, eV; `seam predict --potential`).
public struct ActiveLearningJob {
    public let deck: ActiveLearningDeck
    public let conditions: [SamplingCondition]
    public let seeds: [Structure]
    public let heldOut: [TrainingConfiguration]

    /// Reads the deck at `url` and everything it names.
    public init(deck url: URL) throws {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw InputError("cannot read active-learning deck: \(error.localizedDescription)", at: SourceLocation(source: url.path))
        }
        try self.init(deck: try ActiveLearningDeck.parse(text, source: url.path))
    }

    public init(deck: ActiveLearningDeck) throws {
        self.deck = deck
        conditions = try deck.conditions.map { try Self.condition($0, deck: deck.deck) }
        if let f = deck.seedsFile {
            seeds = try ExtendedXYZ.read(from: f).map(\.structure)
            guard !seeds.isEmpty else { throw InputError("no structure in the seeds file", at: deck.deck.location("seeds")) }
        } else {
            var rng = SeededGenerator(seed: 0x5EED &+ deck.options.seed)
            let conditions = conditions
            seeds = (0..<deck.seedCount).map { k in
                var s = conditions[k % conditions.count].strainedStructure
                for i in 0..<s.count { s.positions[i] += deck.seedDisplacement * Vec3(rng.gaussian(), rng.gaussian(), rng.gaussian()) }
                return s
            }
        }
        if let f = deck.heldOutFile, FileManager.default.fileExists(atPath: f.path) {
            heldOut = try ExtendedXYZ.read(from: f).enumerated().map { k, frame in
                guard let e = frame.energy, let forces = frame.forces else {
                    throw InputError("held-out frame \(k + 1) has no energy or forces", at: SourceLocation(source: f.path))
                }
                return try TrainingConfiguration(structure: frame.structure, energy: e, forces: forces, name: "\(f.lastPathComponent) frame \(k + 1)")
            }
        } else {
            heldOut = []
        }
    }

    /// The deck's oracle, behind its label cache when the deck names one.
    public func oracle() throws -> any QuantumOracle {
        let base = try baseOracle()
        guard let cache = deck.labelCache else { return base }
        return CachedOracle(cache: try LabelCache(url: cache), base: base)
    }

    /// The deck's oracle without the label cache.
    public func baseOracle() throws -> any QuantumOracle {
        let base: any QuantumOracle
        switch deck.oracle {
        case let .program(executable, arguments, timeout, stdin):
            base = try ExternalProgramOracle(executable: executable, arguments: arguments, inputMode: stdin ? .standardInput : .pathArgument, timeout: timeout)
        case let .lennardJones(epsilon, sigma, cutoff):
            base = PotentialOracle(potential: try LennardJones(epsilon: epsilon, sigma: sigma, cutoff: cutoff, switchWidth: min(1, 0.2 * cutoff)))
        case .n2p2(let directory):
            base = PotentialOracle(potential: try N2P2PotentialLoader.load(directory: directory))
        }
        return base
    }

    /// The loop over the run directory.
    public func loop() throws -> ActiveLearningRun {
        try ActiveLearningRun(directory: deck.runDirectory, definition: deck.definition, conditions: conditions, seeds: seeds,
                              options: deck.options, heldOut: heldOut)
    }

    /// Runs or resumes the loop, then writes the committee (`committee/member-K`).
    @discardableResult
    public func run(oracle: (any QuantumOracle)? = nil, progress: (String) -> Void,
                    observe: (Structure) -> Void = { _ in }) throws -> ActiveLearningState {
        let run = try loop()
        progress("\(conditions.count) sampling conditions (\(conditions.map { String($0.structure.count) }.joined(separator: ", ")) atoms), \(seeds.count) start structures, \(heldOut.count) held-out configurations")
        let o: any QuantumOracle = try oracle ?? self.oracle()
        let state = try run.run(oracle: o, log: progress, observe: observe)
        if let snap = state.committee {
            let c = try snap.committee(base: deck.definition)
            for (m, p) in c.members.enumerated() {
                let dir = deck.runDirectory.appendingPathComponent("committee/member-\(m)")
                try TrainingFiles.write(try TrainedPotential(definition: c.definition, scaling: c.scaling, parameters: p), to: dir)
            }
            progress("finished (\(state.finishReason ?? "")); committee written to \(deck.runDirectory.appendingPathComponent("committee").path)")
        }
        return state
    }

    /// Held-out structures: `perCondition` frames from a Langevin trajectory of `driver` (a
    /// reference potential, e.g. a published HDNNP) at each condition, one every `spacing` steps
    /// after `spacing` steps of equilibration, with the deck's time step and friction. Not
    /// labelled: label them with the oracle (`labelled`).
    public func heldOutStructures<P: Potential>(driver: P, perCondition: Int, spacing: Int = 50, seed: UInt64 = 4242) throws -> [Structure] {
        var rng = SeededGenerator(seed: seed)
        var out: [Structure] = []
        for c in conditions {
            var s = c.strainedStructure
            let masses = s.elements.map(\.mass)
            let md = try LangevinIntegrator(temperatureKelvin: c.temperatureKelvin, timeStep: deck.options.timeStep, friction: deck.options.friction)
            var x = s.positions, v = md.thermalVelocities(masses: masses, using: &rng), f = try driver.evaluate(s, request: [.energy, .forces]).forces
            for k in 1...(spacing * (perCondition + 1)) {
                try md.step(positions: &x, velocities: &v, forces: &f, masses: masses, using: &rng) { p in
                    s.positions = p
                    return try driver.evaluate(s, request: [.energy, .forces]).forces
                }
                if k > spacing && k % spacing == 0 { s.positions = x; out.append(s) }
            }
        }
        return out
    }

    /// Labels `structures` with `oracle`, skipping failures; returns extended XYZ frames.
    public static func labelled(_ structures: [Structure], oracle: any QuantumOracle, progress: (String) -> Void) throws -> [ExtendedXYZ.Frame] {
        var frames: [ExtendedXYZ.Frame] = []
        for (k, s) in structures.enumerated() {
            switch try oracle.label(s) {
            case .success(let l): frames.append(ExtendedXYZ.Frame(structure: s, energy: l.energy, stress: l.stress, forces: l.forces))
            case .failure(let f): progress("held-out structure \(k + 1): oracle failed, skipped (\(f))")
            }
        }
        return frames
    }

    /// Builds the sampling condition of one deck line.
    static func condition(_ spec: ActiveLearningDeck.ConditionSpec, deck: TrainingDeck) throws -> SamplingCondition {
        let at = spec.location
        func number(_ key: String, _ d: Double?) throws -> Double {
            guard let v = spec.values[key] else {
                guard let d else { throw InputError("a \(spec.kind.rawValue) condition needs \(key)=", at: at) }
                return d
            }
            guard let x = Double(v), x.isFinite else { throw InputError("\(key) must be a number, got '\(v)'", at: at) }
            return x
        }
        func integers(_ key: String, _ d: [Int]) throws -> [Int] {
            guard let v = spec.values[key] else { return d }
            let n = v.split(separator: ",").map { Int($0) }
            guard n.count == d.count, n.allSatisfy({ $0 != nil }) else { throw InputError("\(key) needs \(d.count) comma-separated integers, got '\(v)'", at: at) }
            return n.map { $0! }
        }
        func crystal(primitive: Bool) throws -> Structure {
            guard let symbol = spec.values["element"] else { throw InputError("a \(spec.kind.rawValue) condition needs element=", at: at) }
            let el = try Element.parse(symbol, at: at)
            let a = try number("a", nil)
            guard a > 0 else { throw InputError("a must be positive (Å)", at: at) }
            switch spec.values["lattice"] ?? "diamond" {
            case "diamond": return primitive ? Crystal.diamondPrimitive(el, a: a) : Crystal.diamond(el, a: a)
            case "fcc":
                guard primitive else { return Crystal.fcc(el, a: a) }
                return try Structure(elements: [el], positions: [.zero],
                                     cell: Mat3(rows: Vec3(0, a / 2, a / 2), Vec3(a / 2, 0, a / 2), Vec3(a / 2, a / 2, 0)), periodic: [true, true, true])
            case "bcc": return Crystal.bcc(el, a: a)
            case "sc": return Crystal.simpleCubic(el, a: a)
            case let other: throw InputError("unknown lattice '\(other)'", at: at, suggestion: "use diamond, fcc, bcc or sc")
            }
        }
        func slab() throws -> InterfaceSlab {
            let m = try integers("miller", [1, 1, 1]), r = try integers("in_plane", [1, 1])
            guard r.allSatisfy({ $0 >= 1 }) else { throw InputError("in_plane repeats must be positive", at: at) }
            let h = try number("half_thickness", 6)
            guard h > 0 else { throw InputError("half_thickness must be positive (Å)", at: at) }
            do {
                let oriented = try Crystal.oriented(try crystal(primitive: true), miller: (m[0], m[1], m[2]))
                return try InterfaceSlab.cleaving(oriented, halfThickness: h, inPlane: (r[0], r[1]))
            } catch let e as InputError where e.location == nil { throw InputError(e.message, at: at, suggestion: e.suggestion) }
        }
        let structure: Structure
        switch spec.kind {
        case .bulk:
            let r = try integers("repeat", [1, 1, 1])
            guard r.allSatisfy({ $0 >= 1 }) else { throw InputError("repeat counts must be positive", at: at) }
            let e = try number("uniaxial", 0)
            guard e > -0.5 else { throw InputError("uniaxial strain must exceed -0.5", at: at) }
            structure = try crystal(primitive: false).replicated(r[0], r[1], r[2]).deformed(by: Mat3(diagonal: 1, 1, 1 + e))
        case .bicrystal:
            let d = try number("opening", 0)
            guard d >= 0 else { throw InputError("opening must be >= 0 Å", at: at) }
            structure = FractureCells.openedBicrystal(try slab(), opening: d)
        case .crack:
            do {
                structure = try FractureCells.crackedSlab(try slab(), opening: try number("opening", nil), crackedFraction: try number("fraction", 0.5),
                                                          vacuum: try number("vacuum", 8))
            } catch let e as InputError where e.location == nil { throw InputError(e.message, at: at, suggestion: e.suggestion) }
        case .file:
            guard let p = spec.values["path"] else { throw InputError("a file condition needs path=", at: at) }
            guard let first = try ExtendedXYZ.read(from: deck.url(p)).first else { throw InputError("no structure in '\(p)'", at: at) }
            structure = first.structure
        }
        do {
            return try SamplingCondition(structure: structure, temperatureKelvin: try number("temperature", nil), strain: try number("strain", 0))
        } catch let e as InputError where e.location == nil { throw InputError(e.message, at: at, suggestion: e.suggestion) }
    }
}
