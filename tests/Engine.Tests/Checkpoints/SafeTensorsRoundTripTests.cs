using System.Text;
using Orleans.Noken.Engine.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Checkpoints;

public class SafeTensorsRoundTripTests
{
    static Dictionary<string, Tensor> Sample(ScalarType dtype)
    {
        var generator = new torch.Generator(7);
        return new Dictionary<string, Tensor>
        {
            ["wte.weight"] = torch.randn([11, 6], generator: generator).to_type(dtype),
            ["h.0.ln_1.bias"] = torch.randn([6], generator: generator).to_type(dtype),
            ["h.0.attn.c_attn.weight"] = torch.randn([6, 3, 6], generator: generator).to_type(dtype),
        };
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.Float16)]
    public void WrittenTensorsReadBackBitExactInTheirOwnDtype(ScalarType dtype)
    {
        using var dir = new TempDirectory();
        var tensors = Sample(dtype);
        SafeTensors.Write(dir.File("model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });

        using var weights = CheckpointWeights.Open(dir.Path);
        Assert.Equal(dtype, weights.StoredDtype);
        Assert.Equal(tensors.Keys.Order(), weights.Names.Order());
        foreach (var (name, expected) in tensors)
        {
            using var actual = weights.Read(name, expected.shape, dtype);
            Assert.Equal(dtype, actual.dtype);
            Assert.Equal(expected.shape, actual.shape);
            // Compare raw bits: equal floats could hide a bf16 rounding step, identical bytes cannot.
            Assert.Equal(expected.bytes.ToArray(), actual.bytes.ToArray());
        }
        foreach (var t in tensors.Values) t.Dispose();
    }

    [Fact]
    public void Bf16WeightsAreConvertedToTheRequestedFp32()
    {
        using var dir = new TempDirectory();
        using var bf16 = torch.tensor(new float[] { 1.5f, -2.25f, 3.0e-3f, 65504f }).to_type(ScalarType.BFloat16);
        SafeTensors.Write(dir.File("model.safetensors"), new Dictionary<string, Tensor> { ["w"] = bf16 });

        using var weights = CheckpointWeights.Open(dir.Path);
        using var fp32 = weights.Read("w", [4], ScalarType.Float32);
        using var expected = bf16.to_type(ScalarType.Float32);
        Assert.Equal(ScalarType.Float32, fp32.dtype);
        Assert.Equal(expected.data<float>().ToArray(), fp32.data<float>().ToArray());
    }

    [Fact]
    public void HeaderIsPaddedToEightBytesAndNamesAreSorted()
    {
        using var dir = new TempDirectory();
        using var a = torch.ones(3);
        using var b = torch.zeros(2, 2);
        var path = dir.File("x.safetensors");
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["zeta"] = a, ["alpha"] = b, ["x"] = a });

        var bytes = File.ReadAllBytes(path);
        long headerLength = BitConverter.ToInt64(bytes, 0);
        Assert.Equal(0, headerLength % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.True(header.IndexOf("\"alpha\"") < header.IndexOf("\"x\"") && header.IndexOf("\"x\"") < header.IndexOf("\"zeta\""), header);
        Assert.Equal(8 + headerLength + (4 * 4 + 3 * 4 + 3 * 4), bytes.Length);
    }

    [Fact]
    public void MetadataRoundTrips()
    {
        using var dir = new TempDirectory();
        using var a = torch.ones(3);
        var path = dir.File("m.safetensors");
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["a"] = a }, new Dictionary<string, string> { ["format"] = "pt", ["seed"] = "42" });
        using var file = SafeTensorsFile.Open(path);
        Assert.Equal("42", file.Metadata["seed"]);
        Assert.Equal("pt", file.Metadata["format"]);
    }

    [Fact]
    public void LargeTensorIsReadCorrectlyAcrossSeveralChunks()
    {
        using var dir = new TempDirectory();
        using var big = torch.arange(0, 10_007, dtype: ScalarType.Float32).reshape(10_007, 1);
        SafeTensors.Write(dir.File("model.safetensors"), new Dictionary<string, Tensor> { ["big"] = big });
        var saved = SafeTensorsFile.ReadChunkBytes;
        try
        {
            SafeTensorsFile.ReadChunkBytes = 1000; // 250 floats a slice: forces 41 positional reads
            using var weights = CheckpointWeights.Open(dir.Path);
            using var read = weights.Read("big", [10_007, 1], ScalarType.Float32);
            Assert.Equal(big.data<float>().ToArray(), read.data<float>().ToArray());
        }
        finally
        {
            SafeTensorsFile.ReadChunkBytes = saved;
        }
    }

    [Fact]
    public void NonFloatBuffersAreListedButStoredDtypeIsTheMostCommonFloat()
    {
        using var dir = new TempDirectory();
        using var mask = torch.ones([1, 1, 4, 4], ScalarType.Bool);
        using var w1 = torch.ones(2, dtype: ScalarType.BFloat16);
        using var w2 = torch.ones(2, dtype: ScalarType.BFloat16);
        using var norm = torch.ones(2);
        SafeTensors.Write(dir.File("model.safetensors"), new Dictionary<string, Tensor>
        {
            ["h.0.attn.bias"] = mask, ["a"] = w1, ["b"] = w2, ["ln.weight"] = norm,
        });
        using var weights = CheckpointWeights.Open(dir.Path);
        Assert.Contains("h.0.attn.bias", weights.Names);
        Assert.Equal(ScalarType.BFloat16, weights.StoredDtype);
        var e = Assert.Throws<CheckpointException>(() => weights.Read("h.0.attn.bias", [1, 1, 4, 4], ScalarType.Float32));
        Assert.Contains("'h.0.attn.bias'", e.Message);
        Assert.Contains("BOOL", e.Message);
    }

    [Fact]
    public void CudaOrNonContiguousInputIsWrittenAsItsLogicalValues()
    {
        using var dir = new TempDirectory();
        using var source = torch.arange(6, dtype: ScalarType.Float32).reshape(2, 3);
        using var transposed = source.t(); // [3, 2], not contiguous
        SafeTensors.Write(dir.File("model.safetensors"), new Dictionary<string, Tensor> { ["t"] = transposed });
        using var weights = CheckpointWeights.Open(dir.Path);
        using var read = weights.Read("t", [3, 2], ScalarType.Float32);
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, read.data<float>().ToArray());
        Assert.False(source.IsInvalid); // the caller's tensor survives the write
    }
}
