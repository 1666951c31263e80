namespace DeepCompress.Core.Tests.Data;

/// <summary>
/// Files written by numpy 1.24.2 (Debian python3-numpy), base64-encoded, so the readers are tested against the
/// real producer and not only against our own writer. Regenerate with the script in the comment at the end.
/// </summary>
internal static class NumpyGoldenFiles
{
    public const string Float32Matrix = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAIC/AAAAvwAAAAAAAAA/AACAPwAAwD8=";

    public const string Float64Vector = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqamZmZmZm5PwAAAAAAAATA6oygOVk+KUYAAAAAAAAIQA==";

    public const string Int64Labels = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAkAAAAAAAAAAwAAAAAAAAAHAAAAAAAAAA==";

    public const string Int32Matrix = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAA/v///////38AAACA";

    public const string UInt8Cube = "k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAHjxaeJa00g==";

    public const string Int8Vector = "k05VTVBZAQB2AHsnZGVzY3InOiAnfGkxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqAAH8=";

    public const string Float32Scalar = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAACBA";

    public const string Float32EmptyVector = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDAsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=";

    public const string Version2Float32 = "k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAACAPwAAAEA=";

    public const string Version3Float32 = "k05VTVBZAwB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAACAPwAAAEA=";

    public const string FortranOrder = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAABAQAAAgD8AAIBAAAAAQAAAoEA=";

    public const string BigEndianFloat32 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAP4AAAEAAAAA=";

    public const string Float16 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGYyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAA8AEA=";

    public const string Structured = "k05VTVBZAQB2AHsnZGVzY3InOiBbKCdhJywgJzxmNCcpLCAoJ2InLCAnPGk0JyldLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAAAA";

    public const string NpzStored = "UEsDBBQAAAAAAAAAIQAdzbi0sAAAALAAAAAFABQAeC5ucHkBABAAsAAAAAAAAACwAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJ3x1MScsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgzLCA0LCA0KSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAAUKDxQZHiMoLTI3PEFGS1BVWl9kaW5zeH2Ch4yRlpugpaqvtLm+w8jN0tfc4ebrUEsDBBQAAAAAAAAAIQBvUxZwmAAAAJgAAAAFABQAeS5ucHkBABAAmAAAAAAAAACYAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxpOCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgzLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKBAAAAAAAAAAAAAAAAAAAAAkAAAAAAAAAUEsBAhQDFAAAAAAAAAAhAB3NuLSwAAAAsAAAAAUAAAAAAAAAAAAAAIABAAAAAHgubnB5UEsBAhQDFAAAAAAAAAAhAG9TFnCYAAAAmAAAAAUAAAAAAAAAAAAAAIAB5wAAAHkubnB5UEsFBgAAAAACAAIAZgAAALYBAAAAAA==";

    public const string NpzCompressedSplit = "UEsDBBQAAAAIAAAAIQAdzbi0egAAALAAAAAKABQAeF90ZXN0Lm5weQEAEACwAAAAAAAAAHoAAAAAAAAAm+wX6hsQychQxlCtnpJanFykbqWgXlNqqK6joJ6WX1RSlJgXn1+UkgoSd0vMKU4FihdnJBakAvkaxjoKJkCkqaNQq0Ae4GJg5eIXkZRT1tA1MrdxdPMOCI2KT8nMK66obWrvmTht9oKlq9Zv2bnv8Imzl67fefjsNQBQSwMEFAAAAAgAAAAhAG9TFnBKAAAAmAAAAAoAFAB5X3Rlc3QubnB5AQAQAJgAAAAAAAAASgAAAAAAAACb7BfqGxDJyFDGUK2eklqcXKRupaBuk2mhrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RrGOpo6CrUKFAAuFgZUwAmlAVBLAwQUAAAACAAAACEAv1GWAWgAAACgAAAACwAUAHhfdHJhaW4ubnB5AQAQAKAAAAAAAAAAaAAAAAAAAACb7BfqGxDJyFDGUK2eklqcXKRupaBeU2qorqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOgomQKSpo1CrQB7gYmDl4heRlFPW0DUyt3F08w4IjYpPycwrrqhtau+ZOG02AFBLAwQUAAAACAAAACEAZyZg0UgAAACQAAAACwAUAHlfdHJhaW4ubnB5AQAQAJAAAAAAAAAASAAAAAAAAACb7BfqGxDJyFDGUK2eklqcXKRupaBuk2mhrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOpo6CrUKFAAuFgZUAABQSwECFAMUAAAACAAAACEAHc24tHoAAACwAAAACgAAAAAAAAAAAAAAgAEAAAAAeF90ZXN0Lm5weVBLAQIUAxQAAAAIAAAAIQBvUxZwSgAAAJgAAAAKAAAAAAAAAAAAAACAAbYAAAB5X3Rlc3QubnB5UEsBAhQDFAAAAAgAAAAhAL9RlgFoAAAAoAAAAAsAAAAAAAAAAAAAAIABPAEAAHhfdHJhaW4ubnB5UEsBAhQDFAAAAAgAAAAhAGcmYNFIAAAAkAAAAAsAAAAAAAAAAAAAAIAB4QEAAHlfdHJhaW4ubnB5UEsFBgAAAAAEAAQA4gAAAGYCAAAAAA==";

    public const string HeaderShapeEmpty = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=";

    public const string HeaderShape5 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDUsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=";

    public const string HeaderShape2x3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=";

    public const string HeaderShapeMnistTest = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEwMDAwLCAxLCAyOCwgMjgpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=";

    public const string HeaderShapeZero = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDAsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=";

    public const string HeaderShapeLong = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEyMzQ1Njc4OTAsIDEpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=";

    public static byte[] Bytes(string base64) => Convert.FromBase64String(base64);

    // Generated with /usr/bin/python3 (numpy 1.24.2):
    //   npy(arr, version) = np.save(BytesIO, arr) or np.lib.format.write_array(BytesIO, arr, version=version)
    //   Float32Matrix      = npy((np.arange(6, dtype='<f4').reshape(2, 3) * np.float32(0.5)) - np.float32(1))
    //   Float64Vector      = npy(np.array([0.1, -2.5, 1e30, 3.0], dtype='<f8'))
    //   Int64Labels        = npy(np.array([0, 9, 3, 7], dtype='<i8'))
    //   Int32Matrix        = npy(np.array([[1, -2], [2147483647, -2147483648]], dtype='<i4'))
    //   UInt8Cube          = npy(np.arange(8, dtype='u1').reshape(2, 2, 2) * 30)
    //   Int8Vector         = npy(np.array([-128, 0, 127], dtype='i1'))
    //   Float32Scalar      = npy(np.array(2.5, dtype='<f4'))
    //   Float32EmptyVector = npy(np.zeros((0,), dtype='<f4'))
    //   Version2Float32    = npy(np.arange(3, dtype='<f4'), version=(2, 0)); Version3Float32 likewise with (3, 0)
    //   FortranOrder       = npy(np.asfortranarray(np.arange(6, dtype='<f4').reshape(2, 3)))
    //   BigEndianFloat32   = npy(np.arange(3, dtype='>f4')); Float16 = npy(np.arange(3, dtype='<f2'))
    //   Structured         = npy(np.zeros(2, dtype=[('a', '<f4'), ('b', '<i4')]))
    //   imgs = (np.arange(48) * 5 % 256).astype('u1').reshape(3, 4, 4); lbls = np.array([4, 0, 9], dtype='<i8')
    //   NpzStored          = np.savez(BytesIO, x=imgs, y=lbls)
    //   NpzCompressedSplit = np.savez_compressed(BytesIO, x_test=imgs, y_test=lbls, x_train=imgs[:2], y_train=lbls[:2])
    //   HeaderShape*       = np.lib.format._write_array_header(BytesIO, {'descr': '<f4', 'fortran_order': False, 'shape': S})
    //                        for S in (), (5,), (2, 3), (10000, 1, 28, 28), (0,), (1234567890, 1)
}
