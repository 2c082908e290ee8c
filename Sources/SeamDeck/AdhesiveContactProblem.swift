import SeamCohesive
import SeamCore
import SeamCoupling
import SeamFEM

/// What the adhesive-contact runners need from the contact problem of a deck: the rigid
/// cylinder (`AdhesiveCylinderContact`, `[indenter] body = "rigid"`, the default) or an elastic
/// cylinder body of the substrate's material (`MeshedBodyCohesiveContact`, `body = "elastic"`)
/// gripped at its top. Both follow the same three controls with the same records, so one
/// runner per control serves both; only the output mesh (the substrate, or both bodies) and the
/// Maugis-Dugdale reference (E* of the substrate, or of the pair) differ.
protocol AdhesiveContactProblem {
    var law: any CohesiveLaw { get }
    /// Cylinder radius R, Å.
    var indenterRadius: Double { get }
    /// The plane-strain contact modulus E* of the reference (eV/Å^3).
    func contactModulus() throws -> Double
    func reference() throws -> MaugisDugdaleLineContact
    func outputModel() throws -> ElasticityModel<AnyMaterial>
    func run(resumingFrom state: ContactPathState?,
             progress: (AdhesiveCylinderContact.StepRecord, _ displacement: [Double], ContactPathState) throws -> Void) throws -> AdhesiveCylinderContact.Result
    func traceArcLength(_ settings: ContactContinuation.ArcLengthSettings, resumingFrom state: ContactContinuationState?,
                        progress: (ContactContinuation.Record, _ displacement: [Double], ContactContinuationState) throws -> Void)
        throws -> ContactContinuation.ArcLengthResult
    func followLoadControl(_ settings: ContactContinuation.LoadControlSettings, resumingFrom state: ContactContinuationState?,
                           progress: (ContactContinuation.Record, _ displacement: [Double], ContactContinuationState) throws -> Void)
        throws -> ContactContinuation.LoadControlResult
}

extension AdhesiveCylinderContact: AdhesiveContactProblem {
    var indenterRadius: Double { radius }
    func contactModulus() throws -> Double { try Self.contactModulus(of: material) }
    func reference() throws -> MaugisDugdaleLineContact { try maugisDugdaleReference() }
}

/// The elastic cylinder body of a deck: `radius`, the body's (full) width and height.
///
/// Built upside down: the cylinder body is the lower body of `MeshedBodyCohesiveContact`, apex
/// up, held at what is physically its gripped top, and the substrate the upper body, its flat
/// face down, moved by the grip at what is physically its held base. The relative motion, the
/// deformation, d and P are those of the upright problem (a rigid translation of the whole
/// apart); the reason is the interface: its master face is the upper body's, and a flat master
/// keeps the gap smooth where points slide across master nodes, where the faceted cylinder as
/// master leaves kinks that stall the continuation's Newton iterations. Output meshes show
/// this upside-down configuration (y mirrored).
struct ElasticCylinderContact: AdhesiveContactProblem {
    var contact: MeshedBodyCohesiveContact
    var indenterRadius: Double
    var law: any CohesiveLaw { contact.law }

    /// A half model: the cylinder body of half-width bodyWidth/2 and the substrate
    /// [0, width/2] x depth (graded toward the contact as for the rigid cylinder), touching at
    /// the origin, one material.
    init(radius: Double, bodyWidth: Double, bodyHeight: Double, substrateWidth: Double, substrateDepth: Double, material: any Material,
         law: any CohesiveLaw, grading: ContactMeshGrading, loadPath: AdhesiveCylinderContact.LoadPath, tolerance: Double, maxIterations: Int) throws {
        let body = try grading.rectangle(width: bodyWidth / 2, depth: bodyHeight) { x in -(radius - (radius * radius - x * x).squareRoot()) }
        let substrate = Self.mirrored(try grading.rectangle(width: substrateWidth / 2, depth: substrateDepth))
        contact = try MeshedBodyCohesiveContact(lower: body, upper: substrate, material: material, law: law, loadPath: loadPath, symmetric: true,
                                                tolerance: tolerance, maxIterations: maxIterations)
        indenterRadius = radius
    }

    /// The mesh mirrored about y = 0 (cells re-oriented counter-clockwise, "top" and "bottom"
    /// swapped), as `MeshedBodyCohesiveContact.cylinderBody` does.
    static func mirrored(_ mesh: Mesh) -> Mesh {
        var m = mesh
        m.nodes = m.nodes.map { Vec3($0.x, -$0.y, 0) }
        for b in m.cells.indices {
            var conn = m.cells[b].connectivity
            for c in 0..<m.cells[b].count { conn.swapAt(4 * c + 1, 4 * c + 3) }
            m.cells[b].connectivity = conn
        }
        func swap(_ s: String) -> String { s == "top" ? "bottom" : (s == "bottom" ? "top" : s) }
        m.groupNames = m.groupNames.mapValues(swap)
        m.nodeSets = Dictionary(uniqueKeysWithValues: m.nodeSets.map { (swap($0.key), $0.value) })
        return m
    }

    func contactModulus() throws -> Double { try reference().reducedModulus }
    func reference() throws -> MaugisDugdaleLineContact { try contact.maugisDugdaleReference(radius: indenterRadius) }
    func outputModel() throws -> ElasticityModel<AnyMaterial> { try contact.outputModel() }
    func run(resumingFrom state: ContactPathState?,
             progress: (AdhesiveCylinderContact.StepRecord, [Double], ContactPathState) throws -> Void) throws -> AdhesiveCylinderContact.Result {
        try contact.run(resumingFrom: state, progress: progress)
    }
    func traceArcLength(_ settings: ContactContinuation.ArcLengthSettings, resumingFrom state: ContactContinuationState?,
                        progress: (ContactContinuation.Record, [Double], ContactContinuationState) throws -> Void) throws -> ContactContinuation.ArcLengthResult {
        try contact.traceArcLength(settings, resumingFrom: state, progress: progress)
    }
    func followLoadControl(_ settings: ContactContinuation.LoadControlSettings, resumingFrom state: ContactContinuationState?,
                           progress: (ContactContinuation.Record, [Double], ContactContinuationState) throws -> Void) throws -> ContactContinuation.LoadControlResult {
        try contact.followLoadControl(settings, resumingFrom: state, progress: progress)
    }
}
