// seam-bench: Seam's release benchmarks. Each area prints lines `RESULT <name> <value> <unit>`
// with the peer or goal it is compared with in a trailing comment.
//
// Usage: seam-bench [area ...] [--quick]   (`active --silicon`: the GFN1-xTB Si comparison; areas: hdnnp, atom, fem, materials, meshio, training, coupling, active, cohesive, contact, crack, coupled-contact, accuracy; default: all)
// Run in release: swift run -c release seam-bench hdnnp
// The OpenBLAS kernel family in use is printed first: on Intel AVX-512 machines that OpenBLAS
// does not recognise, start the process with OPENBLAS_CORETYPE=SkylakeX (never on AMD: it
// crashes with an illegal instruction); tests and CI leave it unset.
import CLapack
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let areas: [(String, ([String]) -> Void)] = [
    ("hdnnp", { runHDNNPBenchmarks(arguments: $0) }),
    ("atom", { runAtomBenchmarks(arguments: $0) }),
    ("fem", { runFEMBenchmarks(arguments: $0) }),
    ("materials", { runMaterialsBenchmarks(arguments: $0) }),
    ("meshio", { runMeshIOBenchmarks(arguments: $0) }),
    ("training", { runTrainingBenchmarks(arguments: $0) }),
    ("coupling", { runCouplingBenchmarks(arguments: $0) }),
    ("active", { runActiveLearningBenchmarks(arguments: $0) }),
    ("cohesive", { runCohesiveBenchmarks(arguments: $0) }),
    ("contact", { runContactBenchmarks(arguments: $0) }),
    ("crack", { runCrackBenchmarks(arguments: $0) }),
    ("coupled-contact", { runCoupledContactBenchmarks(arguments: $0) }),
    ("accuracy", { runAccuracyBenchmarks(arguments: $0) }),
]
// Leading words name areas; everything from the first option on is passed to each area.
let firstOption = arguments.firstIndex { $0.hasPrefix("-") } ?? arguments.count
let requested = Array(arguments[..<firstOption])
let options = Array(arguments[firstOption...])
let unknown = requested.filter { name in !areas.contains { $0.0 == name } }
if !unknown.isEmpty {
    FileHandle.standardError.write(Data("seam-bench: unknown area(s) \(unknown.joined(separator: ", ")); known: \(areas.map(\.0).joined(separator: ", "))\n".utf8))
    exit(2)
}
print("# seam-bench on OpenBLAS core \(String(cString: openblas_get_corename()))")
for (name, run) in areas where requested.isEmpty || requested.contains(name) {
    print("# area \(name)")
    run(options)
}
