import Testing
@testable import Signatures

struct KeccakMerlinTests {
    /// Keccak-f[1600] applied once and twice to the all-zero state: the published known answers
    /// (Keccak team, KeccakF-1600-IntermediateValues.txt).
    @Test func keccakF1600OnZeroState() {
        var state = KeccakState()
        state.permute()
        let once: [UInt64] = [
            0xF1258F7940E1DDE7, 0x84D5CCF933C0478A, 0xD598261EA65AA9EE, 0xBD1547306F80494D, 0x8B284E056253D057,
            0xFF97A42D7F8E6FD4, 0x90FEE5A0A44647C4, 0x8C5BDA0CD6192E76, 0xAD30A6F71B19059C, 0x30935AB7D08FFC64,
            0xEB5AA93F2317D635, 0xA9A6E6260D712103, 0x81A57C16DBCF555F, 0x43B831CD0347C826, 0x01F22F1A11A5569F,
            0x05E5635A21D9AE61, 0x64BEFEF28CC970F2, 0x613670957BC46611, 0xB87C5A554FD00ECB, 0x8C3EE88A1CCF32C8,
            0x940C7922AE3A2614, 0x1841F924A2C509E4, 0x16F53526E70465C2, 0x75F644E97F30A13B, 0xEAF1FF7B5CECA249,
        ]
        #expect(state.laneArray == once)
        state.permute()
        let twice: [UInt64] = [
            0x2D5C954DF96ECB3C, 0x6A332CD07057B56D, 0x093D8D1270D76B6C, 0x8A20D9B25569D094, 0x4F9C4F99E5E7F156,
            0xF957B9A2DA65FB38, 0x85773DAE1275AF0D, 0xFAF4F247C3D810F7, 0x1F1B9EE6F79A8759, 0xE4FECC0FEE98B425,
            0x68CE61B6B9CE68A1, 0xDEEA66C4BA8F974F, 0x33C43D836EAFB1F5, 0xE00654042719DBD9, 0x7CF8A9F009831265,
            0xFD5449A6BF174743, 0x97DDAD33D8994B40, 0x48EAD5FC5D0BE774, 0xE3B8C8EE55B7B03C, 0x91A0226E649E42E9,
            0x900E3129E7BADD7B, 0x202A9EC5FAA3CCE8, 0x5B3402464E1C3DB6, 0x609F4E62A44C1059, 0x20D06CD26A8FBF5C,
        ]
        #expect(state.laneArray == twice)
    }

    /// SHA3-256 built on the permutation (FIPS 202 examples).
    @Test(arguments: [
        ("", "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"),
        ("abc", "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "41c0dba2a9d6240849100376a8235e2c82e1b9998a999e21db32dd97496d3376"),
    ])
    func sha3_256KnownAnswers(message: String, digest: String) {
        #expect(Hex.encode(SHA3_256.hash(Array(message.utf8))) == digest)
    }

    /// SHA3-256 of inputs that cross the 136-byte rate boundary, against hashlib's answers.
    @Test func sha3_256MultiBlock() {
        #expect(Hex.encode(SHA3_256.hash([UInt8](repeating: 0x61, count: 200)))
            == "cce34485baf2bf2aca99b94833892a4f52896d3d153f7b840cc4f9fe695f1387")
        // One-million 'a' is the classic FIPS 202 long-message answer.
        let million = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(Hex.encode(SHA3_256.hash(million)) == "5c8875ae474a3634ba4fd55ec85bffd661f32aca75c6d699d0cdcb6c115891c1")
    }

    /// Merlin's published test vector (merlin crate, `equivalence_simple`).
    @Test func merlinSimpleVector() {
        var transcript = MerlinTranscript(label: "test protocol")
        transcript.append("some label", bytes: Array("some data".utf8))
        let challenge = transcript.challengeBytes("challenge", count: 32)
        #expect(Hex.encode(challenge) == "d5a21972d0d5fe320c0d263fac7fffb8145aa640af6e9bca177c03c7efcf0615")
    }

    /// A long message crosses the STROBE rate (166 bytes) during AD and a long challenge during PRF.
    @Test func merlinLongInputsAreDeterministicAndForkable() {
        var a = MerlinTranscript(label: "test protocol")
        a.append("big", bytes: [UInt8](repeating: 7, count: 1000))
        var b = a
        let ca = a.challengeBytes("challenge", count: 500)
        let cb = b.challengeBytes("challenge", count: 500)
        #expect(ca == cb)
        #expect(Set(ca).count > 200)
        var c = MerlinTranscript(label: "test protocol")
        c.append("big", bytes: [UInt8](repeating: 8, count: 1000))
        #expect(c.challengeBytes("challenge", count: 500) != ca)
    }
}
