import QuireCore
import QuireTesting
import Testing

@Suite("Pipeline specs")
struct PipelineSpecTests {
    static let registry = StageRegistry([
        ScriptedStageKind("file.identify") { _ in .done(.null) },
        ScriptedStageKind("outbox.write") { _ in .done(.null) },
        ScriptedStageKind("pdf.text") { _ in .done(.null) },
    ])

    static let good = """
        name: invoices
        version: 2
        sources:
          spool:
            accept: [pdf, png, jpg]
            max_size: 20MB
        stages:
          - id: identify
            use: file.identify
          - id: text
            use: pdf.text
            when: identify.media_type == "pdf" and item.size < 5000000
            timeout: 2m
            retry: { max_attempts: 4, backoff: 2s, max_backoff: 1m, jitter: 0.1 }
            concurrency: 2
            rate: 10/s
            lease: 30s
            heartbeat: 10s
          - id: done_record
            use: outbox.write
            with: { tag: done }
        on_failure:
          - id: failed_record
            use: outbox.write
        policies:
          confidence_threshold: 0.9
          four_eyes_above_amount: 10000
        """

    @Test func loadsAGoodSpec() throws {
        let spec = try PipelineSpec.load(yaml: Self.good, file: "invoices.yaml", registry: Self.registry)
        #expect(spec.name == "invoices")
        #expect(spec.version == 2)
        #expect(spec.spool?.accept == [.pdf, .png, .jpeg])
        #expect(spec.spool?.maxSize == 20_000_000)
        #expect(spec.stages.map(\.id) == ["identify", "text", "done_record"])
        let text = spec.stages[1]
        #expect(text.timeout == 120)
        #expect(text.retry == RetryPolicy(maxAttempts: 4, initialBackoff: 2, maxBackoff: 60, jitter: 0.1))
        #expect(text.concurrency == 2)
        #expect(text.rate?.count == 10 && text.rate?.period == 1)
        #expect(text.lease == 30 && text.heartbeat == 10)
        #expect(text.line == 10)
        #expect(spec.stages[2].settings == ["tag": "done"])
        #expect(spec.onFailure.map(\.id) == ["failed_record"])
        #expect(spec.policies["confidence_threshold"] == 0.9)
        #expect(spec.stages[0].lease == StageSpec.defaultLease && spec.stages[0].heartbeat == StageSpec.defaultHeartbeat)
    }

    /// Each bad spec and the exact message it produces.
    static let bad: [(String, String)] = [
        ("", "bad.yaml:1: the spec is empty; start with 'name: <pipeline>' and a 'stages:' list"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\n   bad: [\n",
         "bad.yaml:5: YAML syntax error: did not find expected '-' indicator while parsing a block collection; check the indentation and quoting around this line"),
        ("stages:\n  - id: a\n    use: file.identify\n",
         "bad.yaml:1: the spec has no 'name:'; add one, e.g. 'name: invoices' (it names inbox/<name>/)"),
        ("name: Invoices!\nstages:\n  - id: a\n    use: file.identify\n",
         "bad.yaml:1: name 'Invoices!' is not a pipeline name; use lower-case letters, digits, '-' and '_', starting with a letter (it names the inbox folder)"),
        ("name: x\nstage:\n  - id: a\n",
         "bad.yaml:2: unknown top-level key 'stage'; did you mean 'stages'? known: name, version, description, sources, stages, on_failure, policies, webhooks"),
        ("name: x\nstages:\n  - id: ocr\n    use: ocr.tess\n",
         "bad.yaml:4: stage 'ocr' uses unknown kind 'ocr.tess'; known kinds: file.identify, outbox.write, pdf.text"),
        ("name: x\nstages:\n  - id: text\n    use: pdf.txt\n",
         "bad.yaml:4: stage 'text' uses unknown kind 'pdf.txt'; did you mean 'pdf.text'? known kinds: file.identify, outbox.write, pdf.text"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\n  - id: a\n    use: outbox.write\n",
         "bad.yaml:5: stage id 'a' is used twice (first on line 3); give each stage its own id"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\n    when: a.size > 10\n",
         "bad.yaml:5: stage 'a' when 'a.size > 10': unknown name 'a'; a condition reads item.<field> or the output of an earlier stage (no stage runs before this one)"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\n  - id: b\n    use: outbox.write\n    when: a.media_type = \"pdf\"\n",
         "bad.yaml:7: stage 'b' when 'a.media_type = \"pdf\"': column 14: '=' is not a comparison; write '==' to compare"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\n    when: item.size > \"big\"\n",
         "bad.yaml:5: stage 'a' when 'item.size > \"big\"': 'item.size > \"big\"' orders a number against a string; use the same type on both sides"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\n    when: item.colour == 1\n",
         "bad.yaml:5: stage 'a' when 'item.colour == 1': item has no field 'colour'; known fields: content_hash, external_ref, id, media_type, metadata, name, pipeline, priority, size, source, tenant"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\n    timeout: soon\n",
         "bad.yaml:5: timeout 'soon' is not a duration; write e.g. 30s or 5m (units: ms, s, m, h, d)"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\n    lease: 10s\n    heartbeat: 10s\n",
         "bad.yaml:6: stage 'a': heartbeat 10s is not shorter than lease 10s; a lease would lapse between heartbeats. Use a heartbeat of at most a third of the lease, e.g. lease: 15s, heartbeat: 5s"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\n    rate: fast\n",
         "bad.yaml:5: stage 'a': rate 'fast' is not a rate; write a count per period, e.g. 10/s, 600/m or 5/h"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\n    concurrency: 0\n",
         "bad.yaml:5: stage 'a': concurrency must be a whole number from 1 up (jobs of this stage at once per node)"),
        ("name: x\nstages:\n  - id: a\n    use: outbox.write\n    with:\n      folder: done\n",
         "bad.yaml:6: stage 'a' (outbox.write) with.folder: 'folder' is not a setting of outbox.write; known settings: tag"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\n    retry: { max_attempts: 0 }\n",
         "bad.yaml:5: stage 'a': retry.max_attempts must be a whole number from 1 up"),
        ("name: x\nsources:\n  spool:\n    accept: [pdf, docx]\nstages:\n  - id: a\n    use: file.identify\n",
         "bad.yaml:4: accept: 'docx' is not a known type; known: pdf, png, jpeg, tiff, gif, bmp, webp, json, xml, zip"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\npolicies:\n  confidence_treshold: 0.9\n",
         "bad.yaml:6: unknown policy 'confidence_treshold'; did you mean 'confidence_threshold'? known: allowed_bot_regions, audit_sample, classifier_threshold, confidence_threshold, four_eyes_above_amount, languages, min_text_chars, reject_reasons, retention, review_above_amount, sla"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\npolicies:\n  confidence_threshold: 85\n",
         "bad.yaml:6: policy 'confidence_threshold' must be a number between 0 and 1"),
        ("name: x\nstages:\n  - id: My-Stage\n    use: file.identify\n",
         "bad.yaml:3: stage id 'My-Stage' is not valid; use lower-case letters, digits and '_', starting with a letter (conditions refer to it as My_Stage.<field>)"),
        ("name: x\nstages: []\n",
         "bad.yaml:2: 'stages' is empty; list at least one stage, e.g. '- id: identify' / '  use: file.identify'"),
        ("- just\n- a list\n", "bad.yaml:1: a pipeline spec is a mapping with 'name:' and 'stages:', not a list"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\n  - id: b\n    use: pdf.text\n    each: ocr.pages\n",
         "bad.yaml:7: stage 'b': each 'ocr.pages' must name a list in item.<field> or in an earlier stage's output, e.g. each: text.needs_ocr (earlier stages: a)"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\n  - id: b\n    use: pdf.text\n    each: a.pages\n  - id: c\n    use: outbox.write\n    when: b.done == true\n",
         "bad.yaml:10: stage 'c': when cannot read the output of a fan-out stage (b) yet; test the stage that produced its list instead"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\nwebhooks:\n  - url: ftp://erp\n    secret: HOOK\n",
         "bad.yaml:6: webhook url 'ftp://erp' is not an http(s) URL; write e.g. https://erp.example/hooks/quire"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\nwebhooks:\n  - url: https://erp/hook\n    events: [done, exploded]\n    secret: HOOK\n",
         "bad.yaml:7: events must be a list of done, failed, needs_review"),
        ("name: x\nstages:\n  - id: a\n    use: file.identify\nwebhooks:\n  - url: https://erp/hook\n",
         "bad.yaml:6: a webhook needs 'secret:', the name of the secret that signs it (in secrets.yaml or the environment), e.g. ERP_HOOK_SECRET"),
    ]

    @Test("bad specs are refused with file:line and what to write instead", arguments: bad.indices)
    func badSpec(index: Int) {
        let (yaml, message) = Self.bad[index]
        let problems = PipelineSpec.check(yaml: yaml, file: "bad.yaml", registry: Self.registry)
        #expect(problems.first?.description == message)
        #expect(throws: QuireError.self) { try PipelineSpec.load(yaml: yaml, file: "bad.yaml", registry: Self.registry) }
    }

    @Test func everyProblemIsReportedAtOnce() {
        let yaml = "name: x\nstages:\n  - id: a\n    use: nope\n    timeout: later\n  - id: b\n"
        let problems = PipelineSpec.check(yaml: yaml, file: "f.yaml", registry: Self.registry).map(\.description)
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("f.yaml:4: stage 'a' uses unknown kind 'nope'") })
        #expect(problems.contains { $0.hasPrefix("f.yaml:5: timeout 'later'") })
        #expect(problems.contains { $0.hasPrefix("f.yaml:6: stage 'b' has no 'use:'") })
    }
}

enum URLPath {
    static func repositoryRoot(from file: String) -> String {
        var parts = file.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, last != "Tests" { parts.removeLast() }
        parts.removeLast()
        return parts.joined(separator: "/")
    }
}
