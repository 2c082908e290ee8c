import Dispatch
import SeamCore

/// What one evaluation produced for each network set (committee member), in eV and Å.
struct EngineOutput: Sendable {
    var energies: [Double]
    /// atomEnergies[member][atom], eV (empty unless requested).
    var atomEnergies: [[Double]]
    /// forces[member][atom], eV/Å (empty unless forces were requested).
    var forces: [[Vec3]]
    var virials: [Mat3]
    var extrapolationCount: Int
    var extrapolationWarnings: [ExtrapolationWarning]
}

/// The shared descriptor machinery of `HDNNP` and `Committee`: symmetry-function tables in
/// internal units, unit conversions, and the threaded per-atom loop that computes descriptors
/// once and runs every network set on them.
struct HDNNPEngine: Sendable {
    let settings: N2P2Settings
    let tables: [ElementDescriptors]
    /// Element index per atomic number (-1 when absent), 0...102.
    let elementIndexByZ: [Int]
    let atomicNumbers: [Double]
    /// Internal length per Å: conv_length / (Å per file length unit).
    let lengthFactor: Double
    /// eV per file energy unit.
    let energyFactor: Double
    let energyConversion: Double
    let meanEnergy: Double
    /// Largest cutoff, Å.
    let cutoff: Double
    /// Warnings kept in detail (the count is exact).
    static let keptWarnings = 300

    init(settings: N2P2Settings, scaling: ScalingData, lengthUnit: LengthUnit, energyUnit: EnergyUnit) throws {
        guard scaling.entries.map(\.count) == settings.symmetryFunctions.map(\.count) else {
            throw InputError("scaling data has \(scaling.entries.map(\.count)) entries per element, the settings \(settings.symmetryFunctions.map(\.count)) symmetry functions")
        }
        let cl = settings.normalization?.lengthConversion ?? 1
        self.settings = settings
        tables = try settings.elements.indices.map { try ElementDescriptors(element: $0, settings: settings, scaling: scaling, lengthConversion: cl) }
        var byZ = [Int](repeating: -1, count: 103)
        for (i, e) in settings.elements.enumerated() { byZ[e.atomicNumber] = i }
        elementIndexByZ = byZ
        atomicNumbers = settings.elements.map { Double($0.atomicNumber) }
        lengthFactor = cl / lengthUnit.inAngstrom
        energyFactor = energyUnit.inElectronvolt
        energyConversion = settings.normalization?.energyConversion ?? 1
        meanEnergy = settings.normalization?.meanEnergy ?? 0
        cutoff = settings.maximumCutoff * lengthUnit.inAngstrom
    }

    /// Element index of every atom, or an error naming the first atom the potential lacks.
    func elementIndices(_ s: Structure) throws -> [Int32] {
        try s.elements.enumerated().map { i, e in
            let k = elementIndexByZ[e.atomicNumber]
            guard k >= 0 else {
                throw InputError("atom \(i) is \(e), which the potential does not describe",
                                 suggestion: "the potential knows \(settings.elements.map(\.symbol).joined(separator: ", "))")
            }
            return Int32(k)
        }
    }

    /// Raw symmetry-function values G[atom][sf] (n2p2 internal units, before scaling), single
    /// thread, for inspection and training.
    func descriptors(_ s: Structure, neighbors list: NeighborList) throws -> [[Double]] {
        let elems = try elementIndices(s)
        let ws = HDNNPWorkspace(descriptors: tables.map(\.count).max() ?? 1, cutoffs: tables.map(\.cutoffFunctions.count).max() ?? 1, neurons: 1)
        return (0..<s.count).map { i in
            let table = tables[Int(elems[i])]
            let nn = gather(i, list: list, elements: elems, table: table, ws: ws)
            table.compute(ws, neighbors: nn, derivatives: false, atomicNumbers: atomicNumbers, mask: list.mask)
            return (0..<table.count).map { ws.raw[$0] }
        }
    }

    /// Copies atom i's neighbours within the element's largest cutoff into the workspace, in
    /// internal units with n2p2's sign (dr = r_i - r_j); returns their number.
    @inline(__always)
    func gather(_ i: Int, list: NeighborList, elements elems: [Int32], table: ElementDescriptors, ws: HDNNPWorkspace) -> Int {
        let range = list.range(of: i)
        ws.reserve(neighbors: range.count)
        let lf = lengthFactor, rmax = table.maximumCutoff
        var nn = 0
        list.vectors.withUnsafeBufferPointer { vecs in
            list.neighbors.withUnsafeBufferPointer { nbr in
                for e in range {
                    let v = vecs[e]
                    let x = -v.x * lf, y = -v.y * lf, z = -v.z * lf
                    let d = (x * x + y * y + z * z).squareRoot()
                    if !(d < rmax) { continue }
                    let j = nbr[e]
                    ws.atom[nn] = j; ws.element[nn] = elems[Int(j)]
                    ws.dx[nn] = x; ws.dy[nn] = y; ws.dz[nn] = z; ws.distance[nn] = d
                    nn += 1
                }
            }
        }
        return nn
    }

    /// Per-chunk accumulators (one chunk per thread; only its own thread writes them).
    final class Chunk: @unchecked Sendable {
        var forces: [[Double]] = []
        var virials: [[Double]] = []
        var outputs: [[Double]] = []
        var start = 0
        var extrapolationCount = 0
        var warnings: [ExtrapolationWarning] = []
    }

    /// Evaluates every network set on the structure.
    ///
    /// - Parameters:
    ///   - networks: networks[member][element index].
    ///   - threads: number of threads (>= 1).
    func run(_ s: Structure, neighbors list: NeighborList, request: EvaluationRequest, networks: [[ElementNetwork]], threads: Int) throws -> EngineOutput {
        precondition(list.atomCount == s.count, "neighbour list is for \(list.atomCount) atoms, structure has \(s.count)")
        precondition(list.cutoff + list.skin >= cutoff * (1 - 1e-12), "neighbour list cutoff \(list.cutoff + list.skin) Å is below the potential's \(cutoff) Å")
        let elems = try elementIndices(s)
        let n = s.count, members = networks.count
        let derivatives = request.contains(.forces) || request.contains(.virial)
        let nsfMax = tables.map(\.count).max() ?? 1
        let cutMax = tables.map(\.cutoffFunctions.count).max() ?? 1
        let neurons = networks.joined().map(\.neuronCount).max() ?? 1
        let threadCount = max(1, min(threads, n))
        var nnOut = [[Double]](repeating: [Double](repeating: 0, count: n), count: members)
        let chunks = (0..<threadCount).map { _ in Chunk() }
        let mask = list.mask
        let eps = 1000 * Double.ulpOfOne
        do {
            DispatchQueue.concurrentPerform(iterations: threadCount) { t in
                let chunk = chunks[t]
                let lo = n * t / threadCount, hi = n * (t + 1) / threadCount
                let ws = HDNNPWorkspace(descriptors: nsfMax, cutoffs: cutMax, neurons: neurons)
                var forces = [[Double]](repeating: derivatives ? [Double](repeating: 0, count: 3 * n) : [], count: members)
                var virials = [[Double]](repeating: [Double](repeating: 0, count: 9), count: members)
                var outputs = [[Double]](repeating: [Double](repeating: 0, count: hi - lo), count: members)
                for i in lo..<hi {
                    let ei = Int(elems[i])
                    let table = tables[ei]
                    let nn = gather(i, list: list, elements: elems, table: table, ws: ws)
                    table.compute(ws, neighbors: nn, derivatives: derivatives, atomicNumbers: atomicNumbers, mask: mask)
                    let nsf = table.count
                    for k in 0..<nsf {
                        let g = ws.raw[k]
                        ws.scaled[k] = table.shift[k] + table.factor[k] * (g - table.reference[k])
                        if g + eps < table.minimum[k] || g - eps > table.maximum[k] {
                            chunk.extrapolationCount += 1
                            if chunk.warnings.count < HDNNPEngine.keptWarnings {
                                chunk.warnings.append(ExtrapolationWarning(atom: i, element: settings.elements[ei], symmetryFunction: k + 1,
                                                                           value: g, minimum: table.minimum[k], maximum: table.maximum[k]))
                            }
                        }
                    }
                    for m in 0..<members {
                        let net = networks[m][ei]
                        outputs[m][i - lo] = net.forward(input: ws.scaled, values: ws.values, slopes: ws.slopes)
                        guard derivatives else { continue }
                        net.backward(values: ws.values, slopes: ws.slopes, delta: ws.delta, gradient: ws.gradient)
                        let dEdG = ws.gradient
                        forces[m].withUnsafeMutableBufferPointer { f in
                            virials[m].withUnsafeMutableBufferPointer { w in
                                var sx = 0.0, sy = 0.0, sz = 0.0
                                for q in 0..<nn {
                                    let base = ws.neighborDerivatives + 3 * nsf * q
                                    var gx = 0.0, gy = 0.0, gz = 0.0
                                    for k in 0..<nsf {
                                        let c = dEdG[k]
                                        gx += c * base[3 * k]; gy += c * base[3 * k + 1]; gz += c * base[3 * k + 2]
                                    }
                                    let j = 3 * Int(ws.atom[q])
                                    f[j] -= gx; f[j + 1] -= gy; f[j + 2] -= gz
                                    sx += gx; sy += gy; sz += gz
                                    let rx = ws.dx[q], ry = ws.dy[q], rz = ws.dz[q]
                                    w[0] += gx * rx; w[1] += gx * ry; w[2] += gx * rz
                                    w[3] += gy * rx; w[4] += gy * ry; w[5] += gy * rz
                                    w[6] += gz * rx; w[7] += gz * ry; w[8] += gz * rz
                                }
                                // dE/dr_i = -Σ_j dE/dr_j (translation invariance).
                                f[3 * i] += sx; f[3 * i + 1] += sy; f[3 * i + 2] += sz
                            }
                        }
                    }
                }
                chunk.forces = forces; chunk.virials = virials; chunk.outputs = outputs; chunk.start = lo
            }
        }
        for c in chunks { for m in 0..<members { for (q, v) in c.outputs[m].enumerated() { nnOut[m][c.start + q] = v } } }
        // Assemble in n2p2's order: sum of network outputs in atom order, then normalisation
        // and per-element offsets.
        var counts = [Int](repeating: 0, count: settings.elements.count)
        for e in elems { counts[Int(e)] += 1 }
        let ce = energyConversion
        var energies: [Double] = [], atomEnergies: [[Double]] = [], forces: [[Vec3]] = [], virials: [Mat3] = []
        let forceFactor = energyFactor / ce * lengthFactor
        let virialFactor = energyFactor / ce
        for m in 0..<members {
            var sum = 0.0
            for i in 0..<n { sum += nnOut[m][i] }
            var e = settings.normalization == nil ? sum : sum / ce + Double(n) * meanEnergy
            for k in settings.elements.indices { e += Double(counts[k]) * settings.atomEnergies[k] }
            energies.append(e * energyFactor)
            if request.contains(.atomEnergies) {
                atomEnergies.append((0..<n).map { i in
                    let k = Int(elems[i])
                    return ((settings.normalization == nil ? nnOut[m][i] : nnOut[m][i] / ce + meanEnergy) + settings.atomEnergies[k]) * energyFactor
                })
            }
            if derivatives {
                var f = [Double](repeating: 0, count: 3 * n)
                var w = [Double](repeating: 0, count: 9)
                for c in chunks {
                    for q in 0..<(3 * n) { f[q] += c.forces[m][q] }
                    for q in 0..<9 { w[q] += c.virials[m][q] }
                }
                forces.append((0..<n).map { i in Vec3(f[3 * i] * forceFactor, f[3 * i + 1] * forceFactor, f[3 * i + 2] * forceFactor) })
                virials.append(virialFactor * Mat3(w))
            } else {
                virials.append(.zero)
            }
        }
        var warnings: [ExtrapolationWarning] = []
        for c in chunks where warnings.count < HDNNPEngine.keptWarnings {
            warnings.append(contentsOf: c.warnings.prefix(HDNNPEngine.keptWarnings - warnings.count))
        }
        return EngineOutput(energies: energies, atomEnergies: atomEnergies, forces: request.contains(.forces) ? forces : [],
                            virials: virials, extrapolationCount: chunks.reduce(0) { $0 + $1.extrapolationCount },
                            extrapolationWarnings: warnings)
    }
}
