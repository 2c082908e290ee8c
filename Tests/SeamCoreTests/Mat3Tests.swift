import Testing
import SeamCore

@Test func inverseTimesMatrixIsIdentity() {
    let a = Mat3([2, 0.3, -1, 0.5, 3, 0.2, 0.1, -0.4, 1.5])
    let p = a * a.inverse
    #expect((p - .identity).maxAbs < 1e-14)
}

@Test func elementsParseAndSuggest() throws {
    #expect(Element(symbol: "Si")?.atomicNumber == 14)
    #expect(Element(atomicNumber: 8)?.symbol == "O")
    #expect(throws: InputError.self) { try Element.parse("SI") }
    do { _ = try Element.parse("SI") } catch let e as InputError { #expect(e.suggestion?.contains("Si") == true) }
}
