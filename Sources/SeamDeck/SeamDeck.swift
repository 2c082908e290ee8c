/// Input decks: TOML text with explicit units -> a validated `Deck` (plain data, internal units,
/// every error located), and `DeckRunner`, which builds the problem, drives its load steps,
/// checkpoints and writes the outputs.
///
/// # Design notes
///
/// **Pure parsing, all errors at once.** `Deck.parse(text, source:)` never opens a file and
/// never stops at the first error: the TOML reader resumes at the next line after a syntax
/// error, and the schema walk (`DeckSection`) records every unknown key (with the nearest known
/// key, edit distance), missing key (at its table's header; a missing table at the
/// `[problem] kind` line that needs it), wrong type, wrong or missing unit and out-of-range
/// value, each at the line of its key. `seam check` adds the checks that need files (the
/// potential loads, the mesh builds, the named node sets exist).
///
/// **Why a hand-written TOML reader.** TOMLKit 0.6.0 (toml++) is in the package mirror, but it
/// reports only the first syntax error of a document and exposes no source positions of keys or
/// values, so "key X at line N" for semantic errors would need a second scan of the text anyway.
/// `TOMLReader` (~350 lines) reads the subset decks use (documented there) with the line of
/// every key and value, and no C++ build.
///
/// **Units.** A quantity is a string with its unit (`"20 nm"`, `"130 GPa"`, `"2.1 J/m^2"`,
/// `"1000 GPa/angstrom"`), or a bare number when `[units]` declares the unit of its dimension.
/// A unit of the wrong dimension names both dimensions; a bare number without a declared unit
/// is an error. Everything is converted once, at parsing, to eV, Å, eV/Å^3, eV/Å^2, eV/Å^4.
///
/// **Problem kinds plug in** as `Deck.Kind` cases with a spec struct and a `SteppedProblem`
/// conformer: a sequence of load steps, each a pure function of (step, converged state of the
/// previous step, running totals), with load-path columns, per-step files and headline figures.
/// The driver owns everything else: progress lines, the CSV and SVG of the load path, the
/// summary (text and JSON), checkpoints and restarts. Kinds now: `indentation`
/// (`RigidIndenterContact`), `cohesive-law` (`LawDerivation`), `crack` (`KFieldCrackProblem`)
/// and `adhesive-contact` (`AdhesiveCylinderContact`). The last one is not a `SteppedProblem`:
/// its adaptive path (step growth and halving, jump location) has no step count known in
/// advance, so it is driven by `AdhesiveCylinderContact.run(resumingFrom:progress:)`, which
/// hands over the driver's `ContactPathState` after every step; `AdhesiveContactSetup` writes
/// the same per-step outputs and the same fingerprinted checkpoint (the path state in its
/// `contactPath` field), resumes from it and honours `--stop-after-steps`.
///
/// **Checkpoints and restart.** After every `[checkpoint] every` steps the driver writes
/// PREFIX.checkpoint.json atomically: the deck's fingerprint (FNV-1a of the text and `--set`
/// overrides), the records so far, the converged state and totals as IEEE-754 bit patterns. A
/// run of the same deck resumes after the last checkpoint and, because each step depends only
/// on that state, reproduces an uninterrupted run bit for bit (tested by stopping at a random
/// step and by SIGKILL of the real binary). A checkpoint of another deck is refused; `--fresh`
/// starts over. All outputs are written atomically after each step, so a killed run leaves a
/// consistent, if shorter, set of files.
///
/// **Files.** Only this module and the CLI open files; relative paths in a deck are relative
/// to the deck's folder.
public enum SeamDeckModule {}
