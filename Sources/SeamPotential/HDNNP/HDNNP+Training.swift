import SeamCore

// Public hooks for training HDNNPs (SeamTraining): constructors for scaling data, read access to
// network weights, and per-structure descriptors with their position derivatives computed by
// the prediction engine's own symmetry-function kernel (so a trained model and the loaded
// potential see the same descriptors). Additive only: nothing here changes prediction.

extension ScalingData.Entry {
    /// One symmetry function's training statistics (raw descriptor, internal units).
    public init(minimum: Double, maximum: Double, mean: Double, standardDeviation sigma: Double?) {
        self.minimum = minimum; self.maximum = maximum; self.mean = mean; self.sigma = sigma
    }
}

extension ScalingData {
    /// Scaling data from entries[element][sf] in the potential's sorted order.
    public init(perElement entries: [[Entry]]) { self.entries = entries }
}

extension ElementNetwork {
    /// All weights and biases in `weights.ZZZ.data` order: per layer l the weights
    /// (entry j * n_l + k connects neuron j of layer l-1 to neuron k of layer l), then its biases.
    public var parameterValues: [Double] { parameters }
}

/// Symmetry functions of every atom of one structure and, optionally, their derivatives with
/// respect to atomic positions, for training.
///
/// Derivative entries are collapsed per atom: atom i has one entry for itself and one for each
/// distinct neighbour atom j (all periodic images of j summed), holding dG_is/dr_j for every
/// symmetry function s of i as 3 * nsf values (s-major, x y z inner). Units: G as scaled by the
/// scaling data (raw when none was given); derivatives in 1/Å.
public struct StructureDescriptors: Sendable {
    public let atomCount: Int
    /// Element index of each atom (potential's Z order).
    public let elementIndices: [Int32]
    /// Symmetry functions of atom i: values[valueOffsets[i] ..< valueOffsets[i + 1]].
    public let valueOffsets: [Int]
    public let values: [Double]
    /// Derivative entries of atom i: entryOffsets[i] ..< entryOffsets[i + 1] (empty without derivatives).
    public let entryOffsets: [Int]
    /// Atom j of each entry.
    public let entryAtoms: [Int32]
    /// dG_is/dr_j of entry e: derivatives[derivativeOffsets[e] ..< derivativeOffsets[e] + 3 nsf].
    public let derivativeOffsets: [Int]
    public let derivatives: [Double]
    /// Number of descriptor values outside the scaling range (0 without scaling data).
    public let extrapolationCount: Int
}

/// Computes `StructureDescriptors` with the HDNNP engine's symmetry-function kernel.
///
/// Hand-written wrapper (not a copy): it reuses `ElementDescriptors.compute`, the engine's hot
/// loop, and only gathers its per-atom outputs, which the prediction path consumes on the fly.
public struct DescriptorCalculator: Sendable {
    let engine: HDNNPEngine
    let scaled: Bool

    /// - Parameters:
    ///   - settings: the potential's settings (elements, symmetry functions, scaling mode).
    ///   - scaling: scaling statistics; nil computes raw descriptors (scaling mode ignored).
    ///   - lengthUnit: the unit the settings' lengths are written in.
    public init(settings: N2P2Settings, scaling: ScalingData?, lengthUnit: LengthUnit = .angstrom) throws {
        if let scaling {
            engine = try HDNNPEngine(settings: settings, scaling: scaling, lengthUnit: lengthUnit, energyUnit: .ev)
            scaled = true
        } else {
            var raw = settings
            raw.scalingMode = .none
            let dummy = ScalingData(perElement: settings.symmetryFunctions.map { sfs in
                sfs.map { _ in ScalingData.Entry(minimum: -Double.infinity, maximum: Double.infinity, mean: 0, standardDeviation: nil) }
            })
            engine = try HDNNPEngine(settings: raw, scaling: dummy, lengthUnit: lengthUnit, energyUnit: .ev)
            scaled = false
        }
    }

    /// Largest symmetry-function cutoff, Å.
    public var cutoff: Double { engine.cutoff }

    /// Descriptors (and, when `derivatives` is set, their derivatives) of every atom.
    ///
    /// Throws `InputError` naming the first atom whose element the potential lacks.
    public func compute(_ s: Structure, derivatives: Bool) throws -> StructureDescriptors {
        let list = NeighborList(structure: s, cutoff: engine.cutoff)
        let elems = try engine.elementIndices(s)
        let n = s.count
        let tables = engine.tables
        let nsfMax = tables.map(\.count).max() ?? 1
        let cutMax = tables.map(\.cutoffFunctions.count).max() ?? 1
        let ws = HDNNPWorkspace(descriptors: nsfMax, cutoffs: cutMax, neurons: 1)
        let lf = engine.lengthFactor
        let eps = 1000 * Double.ulpOfOne
        var valueOffsets = [0], values: [Double] = []
        var entryOffsets = [0], entryAtoms: [Int32] = [], derivativeOffsets: [Int] = [], dG: [Double] = []
        var slot = [Int32](repeating: -1, count: n)
        var extrapolations = 0
        values.reserveCapacity(n * nsfMax)
        for i in 0..<n {
            let ei = Int(elems[i])
            let table = tables[ei]
            let range = list.range(of: i)
            ws.reserve(neighbors: range.count)
            var nn = 0
            let rmax = table.maximumCutoff
            for e in range {
                let v = list.vectors[e]
                let x = -v.x * lf, y = -v.y * lf, z = -v.z * lf
                let d = (x * x + y * y + z * z).squareRoot()
                if !(d < rmax) { continue }
                let j = list.neighbors[e]
                ws.atom[nn] = j; ws.element[nn] = elems[Int(j)]
                ws.dx[nn] = x; ws.dy[nn] = y; ws.dz[nn] = z; ws.distance[nn] = d
                nn += 1
            }
            table.compute(ws, neighbors: nn, derivatives: derivatives, atomicNumbers: engine.atomicNumbers, mask: nil)
            let nsf = table.count
            for k in 0..<nsf {
                let g = ws.raw[k]
                values.append(scaled ? table.shift[k] + table.factor[k] * (g - table.reference[k]) : g)
                if scaled && (g + eps < table.minimum[k] || g - eps > table.maximum[k]) { extrapolations += 1 }
            }
            valueOffsets.append(values.count)
            guard derivatives else { entryOffsets.append(0); continue }
            // Collapse images: one entry per distinct atom, the central atom first.
            let first = entryAtoms.count
            func entry(_ j: Int32) -> Int {
                if slot[Int(j)] >= 0 { return Int(slot[Int(j)]) }
                slot[Int(j)] = Int32(entryAtoms.count)
                entryAtoms.append(j); derivativeOffsets.append(dG.count)
                dG.append(contentsOf: repeatElement(0, count: 3 * nsf))
                return entryAtoms.count - 1
            }
            // The central atom's own derivative follows from translation invariance:
            // dG_i/dr_i = -Σ_j dG_i/dr_j over all neighbour entries (images included).
            let own = derivativeOffsets[entry(Int32(i))]
            for q in 0..<nn {
                let base = derivativeOffsets[entry(ws.atom[q])]
                let src = ws.neighborDerivatives + 3 * nsf * q
                for r in 0..<(3 * nsf) { dG[base + r] += src[r] * lf; dG[own + r] -= src[r] * lf }
            }
            for e in first..<entryAtoms.count { slot[Int(entryAtoms[e])] = -1 }
            entryOffsets.append(entryAtoms.count)
        }
        if !derivatives { entryOffsets = [Int](repeating: 0, count: n + 1) }
        return StructureDescriptors(atomCount: n, elementIndices: elems, valueOffsets: valueOffsets, values: values,
                                    entryOffsets: entryOffsets, entryAtoms: entryAtoms, derivativeOffsets: derivativeOffsets,
                                    derivatives: dG, extrapolationCount: extrapolations)
    }
}
