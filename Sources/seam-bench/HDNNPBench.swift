import Foundation
import SeamCore
import SeamIO
import SeamPotential

/// HDNNP benchmarks: energy + forces of the H2O_RPBE-D3 water potential (27/30 SFs, 25-25
/// tanh) on 192 (`input.data.h2o_64`), 1,536 (2x2x2) and 12,288 (4x4x4) atoms, single thread
/// and all threads; compute only (neighbour list prebuilt), whole run (load potential + read
/// structure + neighbour list + evaluate) and peak memory per atom. The n2p2 figures beside
/// them are from shared/data/README.md (same machine kind, single thread, compute only).
/// `_cpu` lines give process CPU time per atom, which stays meaningful when other jobs share
/// the cores (wall time then doubles); `_energy_only_cpu` skips forces.
///
/// Arguments: `--data DIR` (shared data folder; default $SEAM_SHARED_DATA or ../shared/data),
/// `--max-atoms N` (skip larger systems), `--threads N` (the "all threads" count).
func runHDNNPBenchmarks(arguments: [String]) {
    func value(_ flag: String) -> String? {
        guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
        return arguments[i + 1]
    }
    let dataRoot = value("--data") ?? ProcessInfo.processInfo.environment["SEAM_SHARED_DATA"] ?? "../shared/data"
    let maxAtoms = value("--max-atoms").flatMap { Int($0) } ?? 12_288
    let allThreads = value("--threads").flatMap { Int($0) } ?? ProcessInfo.processInfo.activeProcessorCount
    let potentialDir = URL(fileURLWithPath: dataRoot).appendingPathComponent("n2p2/H2O_RPBE-D3")
    let baseFile = potentialDir.appendingPathComponent("input.data.h2o_64")
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
    /// CPU time of the whole process (all threads), s: on a loaded machine the single-thread
    /// figure is more stable than wall time.
    func cpuTime() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
    func peakKilobytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return .nan }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Double(line.split(separator: " ")[1]) ?? .nan
        }
        return .nan
    }
    do {
        print("# HDNNP benchmark: H2O_RPBE-D3, energy + forces, \(allThreads) threads max, data \(dataRoot)")
        let base = try N2P2Data.read(baseFile)[0]
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("seam-hdnnp-bench-\(getpid())")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        for n in [1, 2, 4] {
            var config = base
            config.structure = base.structure.replicated(n, n, n)
            config.charges = [Double](repeating: 0, count: config.structure.count)
            config.forces = [Vec3](repeating: .zero, count: config.structure.count)
            let atoms = config.structure.count
            if atoms > maxAtoms { continue }
            let file = tmp.appendingPathComponent("input.data.\(atoms)")
            try N2P2Data.write([config], to: file)
            for threads in Array(Set([1, allThreads])).sorted() {
                let label = "hdnnp_water_\(atoms)_\(threads)thread"
                // Whole run: load, read, convert to Å, neighbour list, evaluate.
                let t0 = now()
                let p = try N2P2PotentialLoader.load(directory: potentialDir, lengthUnit: .bohr, energyUnit: .hartree, threadCount: threads)
                let tLoad = now()
                let s = try N2P2Data.read(file)[0].structure.scaledLengths(by: LengthUnit.bohr.inAngstrom)
                let tRead = now()
                let list = NeighborList(structure: s, cutoff: p.cutoff)
                let t1 = now()
                print("# \(label): load \(String(format: "%.3f", tLoad - t0)) s, read \(String(format: "%.3f", tRead - tLoad)) s, neighbour list \(String(format: "%.3f", t1 - tRead)) s")
                let first = try p.evaluate(s, neighbors: list, request: [.energy, .forces])
                let t2 = now()
                // Compute only: the best of a few evaluations on the prebuilt list.
                var best = t2 - t1, bestCPU = Double.infinity
                let repeats = atoms <= 192 ? 5 : (atoms <= 1_536 ? 2 : 1)
                for _ in 0..<repeats {
                    let a = now(), c = cpuTime()
                    _ = try p.evaluate(s, neighbors: list, request: [.energy, .forces])
                    best = min(best, now() - a); bestCPU = min(bestCPU, cpuTime() - c)
                }
                var bestEnergy = Double.infinity
                for _ in 0..<repeats {
                    let c = cpuTime()
                    _ = try p.evaluate(s, neighbors: list, request: [.energy])
                    bestEnergy = min(bestEnergy, cpuTime() - c)
                }
                print("RESULT \(label)_energy_only_cpu \(String(format: "%.1f", bestEnergy / Double(atoms) * 1e6)) us/atom # CPU time")
                let perAtom = best / Double(atoms) * 1e6
                print("RESULT \(label)_compute \(String(format: "%.1f", perAtom)) us/atom # n2p2: 290 us/atom (1 thread)")
                print("RESULT \(label)_compute_cpu \(String(format: "%.1f", bestCPU / Double(atoms) * 1e6)) us/atom # CPU time summed over threads")
                print("RESULT \(label)_setup \(String(format: "%.3f", t1 - t0)) s # load + read + neighbour list")
                print("RESULT \(label)_whole_run \(String(format: "%.3f", t2 - t0)) s # n2p2: 18 s at 12,288 atoms (1 thread); goal < 4 s")
                print("# \(label): E = \(first.energy) eV, extrapolation warnings \(first.extrapolationCount)")
            }
            let kb = peakKilobytes()
            print("RESULT hdnnp_water_\(atoms)_peak_memory_per_atom \(String(format: "%.1f", kb * 1024 / Double(atoms) / 1024)) KiB/atom # VmHWM \(kb) kB, process peak so far")
        }
    } catch {
        print("# HDNNP benchmark failed: \(error)")
    }
}
