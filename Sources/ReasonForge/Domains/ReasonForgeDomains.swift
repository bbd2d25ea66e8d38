public import ScoringCore

/// The six ReasonForge domains, with the reference's check weights and template counts.
///
/// Regular templates per domain: 7, 6, 6, 5, 6, 6; traps: 3, 2, 2, 1, 1, 1 with ground truths
/// mathematics [1.0, 0.95, 1.0], code [1.0, 0.95], scientific [1.0, 0.95], strategic [0.9],
/// causal [0.95], ethical [0.9]. Problem texts are written for this project.
public enum ReasonForgeDomains {
    /// The domains in the order the reference iterates them (also the order of domain bonuses
    /// and of `choice(domains)` draws).
    public static let referenceOrder: [ReasonForgeDomain] = [mathematics, code, scientific, strategic, causal, ethical]

    /// The keys of ``referenceOrder``.
    public static var referenceKeys: [ComponentKey] { referenceOrder.map(\.key) }

    public static let mathematics = ReasonForgeDomain(
        key: "mathematics", summary: "Proofs and calculations, checked by proof, step and numerical checks",
        checks: [DomainCheck("proof", weight: 0.60), DomainCheck("steps", weight: 0.25), DomainCheck("numerical", weight: 0.15)],
        templates: [
            "Show that the sum of the first n odd numbers equals n squared.",
            "Find every integer x with x^2 - 5x + 6 = 0 and justify that no other exists.",
            "Prove that there are infinitely many primes of the form 4k + 3.",
            "Compute the determinant of a 3x3 matrix whose rows are (2, 0, 1), (1, 3, 2), (1, 1, 1).",
            "Show that the harmonic series diverges without using the integral test.",
            "Count the lattice paths from (0, 0) to (6, 4) that never cross the diagonal y = x.",
            "Prove that every bounded monotone sequence of reals converges.",
        ].map(TaskTemplate.init),
        traps: [
            TrapTemplate("Verify that 17 is prime by trial division.", groundTruth: 1.0),
            TrapTemplate("Evaluate the integral of 2x from 0 to 3.", groundTruth: 0.95),
            TrapTemplate("Prove that the square root of 2 is irrational.", groundTruth: 1.0),
        ])

    public static let code = ReasonForgeDomain(
        key: "code", summary: "Programs, checked by tests, static analysis and formal verification",
        checks: [DomainCheck("tests", weight: 0.50), DomainCheck("static_analysis", weight: 0.20), DomainCheck("formal", weight: 0.30)],
        templates: [
            "Write a function that merges k sorted lists in O(n log k) time and argue its bound.",
            "Find and fix the off-by-one error in a binary search that loops forever on two elements.",
            "Implement an LRU cache with O(1) get and put, and state its invariants.",
            "Show that a given lock-free stack is free of the ABA problem, or give a failing schedule.",
            "Design a rate limiter for 10,000 clients and prove it never admits more than the quota.",
            "Refactor a recursive tree walk into an iterative one with an explicit stack, keeping its order.",
        ].map(TaskTemplate.init),
        traps: [
            TrapTemplate("Write a function that reverses a string.", groundTruth: 1.0),
            TrapTemplate("Return the largest element of a non-empty integer array.", groundTruth: 0.95),
        ])

    public static let scientific = ReasonForgeDomain(
        key: "scientific", summary: "Empirical questions, checked by simulation, statistics and citations",
        checks: [DomainCheck("simulation", weight: 0.40), DomainCheck("statistics", weight: 0.35), DomainCheck("citations", weight: 0.25)],
        templates: [
            "Estimate how long a cup of coffee takes to cool from 80 °C to 50 °C in a 20 °C room.",
            "Design an experiment that separates the effect of light from that of heat on seed growth.",
            "Explain why the sky is blue at noon and red at sunset, with the relevant scattering law.",
            "A drug trial reports p = 0.04 with 20 patients; assess how much the result should be trusted.",
            "Predict the period change of a pendulum taken from sea level to the top of a 3,000 m mountain.",
            "Model the spread of an infection with R0 = 2.5 and estimate the share never infected.",
        ].map(TaskTemplate.init),
        traps: [
            TrapTemplate("At what temperature does pure water boil at sea level, in °C?", groundTruth: 1.0),
            TrapTemplate("State Newton's second law and give its SI units.", groundTruth: 0.95),
        ])

    public static let strategic = ReasonForgeDomain(
        key: "strategic", summary: "Games and plans, checked by a solver, constraint checks and equilibrium analysis",
        checks: [DomainCheck("solver", weight: 0.50), DomainCheck("constraints", weight: 0.30), DomainCheck("equilibrium", weight: 0.20)],
        templates: [
            "Find every Nash equilibrium of a two-firm pricing game with the given payoff matrix.",
            "Schedule six jobs on two machines to minimise the latest finish time, respecting precedences.",
            "Decide how a startup with 18 months of runway should split spending between sales and product.",
            "In a sealed-bid second-price auction, show that bidding one's true value is a dominant strategy.",
            "Plan a supply route through four depots that stays within capacity when one depot fails.",
        ].map(TaskTemplate.init),
        traps: [
            TrapTemplate("In one round of the prisoner's dilemma, what does each player's dominant strategy say?", groundTruth: 0.9),
        ])

    public static let causal = ReasonForgeDomain(
        key: "causal", summary: "Cause and effect, checked by do-calculus, bootstrap estimates and the causal graph",
        checks: [DomainCheck("docalculus", weight: 0.40), DomainCheck("bootstrap", weight: 0.35), DomainCheck("dag", weight: 0.25)],
        templates: [
            "Given a DAG with a confounder between treatment and outcome, find a valid adjustment set.",
            "Decide whether a rise in ice-cream sales causes drownings, and name the missing variable.",
            "Estimate the effect of a tutoring programme from observational data with selection on ability.",
            "Show when the front-door criterion identifies an effect the back-door criterion cannot.",
            "Explain how a collider can create a correlation between two independent causes.",
            "Design an instrumental-variable study of how class size affects test scores.",
        ].map(TaskTemplate.init),
        traps: [
            TrapTemplate("Does correlation between two variables alone establish that one causes the other?", groundTruth: 0.95),
        ])

    public static let ethical = ReasonForgeDomain(
        key: "ethical", summary: "Moral dilemmas, checked for coverage of considerations and for logical consistency",
        checks: [DomainCheck("coverage", weight: 0.30), DomainCheck("logic", weight: 0.70)],
        templates: [
            "Should a self-driving car's software weigh the number of people at risk above who they are?",
            "Weigh privacy against public health in sharing anonymised location data during an outbreak.",
            "Decide whether a company may keep using a model trained on data later found to be scraped without consent.",
            "Assess the fairness of allocating scarce organs by expected years of life gained.",
            "Argue whether a whistleblower is justified in leaking documents that reveal a safety risk.",
            "Evaluate whether an AI tutor should tell a student a comforting falsehood before an exam.",
        ].map(TaskTemplate.init),
        traps: [
            TrapTemplate("Is it wrong to break a promise only for one's own convenience? Explain briefly.", groundTruth: 0.9),
        ])
}
