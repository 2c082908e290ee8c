import Testing
import SeamCore
import SeamPotential

@Test func overlapErrorNamesBothAtomsIncludingAcrossPeriodicImages() throws {
    let si = Element(symbol: "Si")!, o = Element(symbol: "O")!
    let cluster = try Structure(elements: [si, si, o], positions: [.zero, Vec3(2.3, 0, 0), Vec3(2.3, 0.1, 0.05)])
    do {
        try cluster.checkOverlaps(minimumDistance: 0.5)
        Issue.record("overlap not detected")
    } catch let error as InputError {
        #expect(error.message.contains("atoms 1 (Si) and 2 (O)") || error.message.contains("atoms 2 (O) and 1 (Si)"), "\(error)")
    }
    // Atoms 0 and 1 are 0.2 Å apart only through the periodic boundary.
    let cell = Mat3(diagonal: 5, 5, 5)
    let periodic = try Structure(elements: [si, o], positions: [Vec3(0.1, 1, 1), Vec3(4.9, 1, 1)], cell: cell, periodic: [true, true, true])
    #expect(throws: InputError.self) { try periodic.checkOverlaps(minimumDistance: 0.3) }
    do { try periodic.checkOverlaps(minimumDistance: 0.3) } catch let error as InputError {
        #expect(error.message.contains("0 (Si)") && error.message.contains("1 (O)"), "\(error)")
    }
    var open = periodic
    open.periodic = [false, false, false]
    try open.checkOverlaps(minimumDistance: 0.3)  // 4.8 Å apart without the boundary
}
