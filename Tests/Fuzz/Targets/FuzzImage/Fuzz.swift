import QuireFuzz

// libFuzzer's entries (built only by Benchmarks/fuzz.sh, with --sanitize=fuzzer).

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<Int32>?, _ argv: UnsafeMutableRawPointer?) -> Int32 {
    FuzzTarget.image.initialize()
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.image.fuzzOne(data, size)
    return 0
}
