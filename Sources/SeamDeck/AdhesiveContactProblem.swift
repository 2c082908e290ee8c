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
struct ElasticCylinderContact: AdhesiveContactProblem {
    var contact: MeshedBodyCohesiveContact
    var indenterRadius: Double
    var law: any CohesiveLaw { contact.law }

    /// A half model: the substrate [0, width/2] x [-depth, 0] (graded as for the rigid
    /// cylinder) and the cylinder body `cylinderBody(radius:width:height:grading:)` of half-width
    /// bodyWidth/2 above it, touching at the origin, one material.
    init(radius: Double, bodyWidth: Double, bodyHeight: Double, substrateWidth: Double, substrateDepth: Double, material: any Material,
         law: any CohesiveLaw, grading: ContactMeshGrading, loadPath: AdhesiveCylinderContact.LoadPath, tolerance: Double, maxIterations: Int) throws {
        let substrate = try grading.rectangle(width: substrateWidth / 2, depth: substrateDepth)
        let body = try MeshedBodyCohesiveContact.cylinderBody(radius: radius, width: bodyWidth / 2, height: bodyHeight, grading: grading)
        contact = try MeshedBodyCohesiveContact(lower: substrate, upper: body, material: material, law: law, loadPath: loadPath, symmetric: true,
                                                tolerance: tolerance, maxIterations: maxIterations)
        indenterRadius = radius
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
