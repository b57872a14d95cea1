using System.CommandLine;
using System.Text;
using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// <c>noken model logits</c>: one JSON object <c>{"ids":[…],"logits":[[…V floats…],…]}</c> with fp32 logits for
/// every input position — how anyone checks our forward pass against another implementation.
/// </summary>
internal static class LogitsCommand
{
    public static Command Build()
    {
        var model = CommonOptions.Model();
        var ids = new Option<string?>("--ids") { Description = "Comma-separated token ids, e.g. 3,17,42" };
        var text = new Option<string?>("--text") { Description = "Text to tokenize first (no special tokens added)" };
        var dtype = CommonOptions.Dtype();
        var command = new Command("logits", "Print the logits of a token sequence as JSON") { model, ids, text, dtype };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            using var loaded = CommonOptions.Load(parse.GetValue(model)!, parse.GetValue(dtype)!);
            var sequence = TokenIds(parse.GetValue(ids), parse.GetValue(text), loaded);
            using var scope = torch.NewDisposeScope();
            var input = torch.tensor(sequence.Select(i => (long)i).ToArray()).unsqueeze(0); // [1, T]
            var logits = loaded.Model.Forward(loaded.Model.Embed(input))[0];                 // [T, V]
            WriteJson(Console.Out, sequence, logits);
            return 0;
        }));
        return command;
    }

    static int[] TokenIds(string? ids, string? text, LoadedModel loaded)
    {
        if ((ids is null) == (text is null)) throw new ArgumentException("give exactly one of --ids or --text");
        var sequence = text is not null
            ? loaded.Tokenizer.Encode(text)
            : ids!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(s => int.TryParse(s, out var id) ? id : throw new ArgumentException($"--ids: '{s}' is not an integer"))
                .ToArray();
        if (sequence.Length == 0) throw new ArgumentException("the token sequence is empty");
        var vocab = loaded.Config.VocabSize;
        foreach (var id in sequence)
            if (id < 0 || id >= vocab) throw new ArgumentException($"token id {id} is outside the vocabulary (0..{vocab - 1})");
        return sequence;
    }

    // Round-trip ("R") formatting: a reader gets the exact fp32 value back.
    static void WriteJson(TextWriter output, int[] ids, Tensor logits)
    {
        var rows = logits.shape[0];
        var values = logits.contiguous().data<float>().ToArray();
        var columns = (int)logits.shape[1];
        var json = new StringBuilder();
        json.Append("{\"ids\":[").AppendJoin(',', ids).Append("],\"logits\":[");
        for (int r = 0; r < rows; r++)
        {
            if (r > 0) json.Append(',');
            json.Append('[');
            for (int c = 0; c < columns; c++)
            {
                if (c > 0) json.Append(',');
                json.Append(values[r * columns + c].ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            }
            json.Append(']');
        }
        json.Append("]}");
        output.WriteLine(json.ToString());
    }
}
