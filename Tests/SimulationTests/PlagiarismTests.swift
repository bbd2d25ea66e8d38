import Testing
@testable import Simulation

struct PlagiarismTests {
    @Test func copycatsAreCaughtAndPenalisedHonestMinersAreNot() throws {
        let pipeline = try TestSupport.pipeline("configs/reasonforge/copycats.yaml", ["simulation.epochs=8"])
        let settings = pipeline.settings
        var copycatFlags = 0
        var honestFlags = 0
        var copycatSubmissions = 0
        let run = try SimulationRunner.run(settings) { report in
            for row in report.miners {
                if settings.roster.miners[row.miner].behaviour.isCopycat {
                    copycatFlags += row.plagiarismFlags
                    copycatSubmissions += report.tasksProcessed
                } else {
                    honestFlags += row.plagiarismFlags
                }
            }
        }
        #expect(honestFlags == 0)
        // With 1 % of ~45 words changed, about 0.99^45 ≈ 64 % of copies are verbatim (similarity 1);
        // a changed word alters 1 word and up to 3 trigram tokens, which drops similarity below 0.95.
        #expect(Double(copycatFlags) >= 0.5 * Double(copycatSubmissions))
        // Penalised: the same roster without detection pays copycats more.
        let unchecked = try SimulationRunner.run(try TestSupport.pipeline("configs/reasonforge/copycats.yaml",
            ["simulation.epochs=8", "simulation.plagiarism.enabled=false"]).settings)
        #expect(run.metrics.copycatShare < unchecked.metrics.copycatShare * 0.75)
        #expect(unchecked.finalReport.plagiarismFlags == 0)
    }

    @Test func verbatimCopiesAreAlwaysCaught() throws {
        let settings = try TestSupport.pipeline("configs/reasonforge/copycats.yaml",
                                                ["simulation.epochs=3", "simulation.miners.copycat_noise=0"]).settings
        let run = try SimulationRunner.run(settings, keepHistory: true)
        for report in run.history {
            for row in report.miners {
                let copycat = settings.roster.miners[row.miner].behaviour.isCopycat
                #expect(row.plagiarismFlags == (copycat ? report.tasksProcessed : 0))
            }
        }
    }

    // Exact copies, the same miner and hand-computed Jaccard values: PlagiarismWindowTests.

    @Test func detectionOffLeavesPythonCompatDrawsUntouched() throws {
        let off = try SimulationRunner.run(try TestSupport.settings("  epochs: 4\n  generator: python-compat\n"))
        let on = try SimulationRunner.run(try TestSupport.settings("  epochs: 4\n  generator: python-compat\n  plagiarism: {enabled: true}\n"))
        // Honest reference miners never plagiarise each other, so enabling detection changes nothing.
        #expect(on.finalReport == off.finalReport)
    }
}

