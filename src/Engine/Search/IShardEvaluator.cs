using Orleans.Noken.Engine.Nokens;

namespace Orleans.Noken.Engine.Search;

/// <summary>Runs nokens <paramref name="start"/>..+count of a recipe and says what each did: the seam between the
/// search policy and whatever scores nokens (the model and detectors, or a synthetic scorer in tests).</summary>
public interface IShardEvaluator
{
    IReadOnlyList<NokenOutcome> Evaluate(NokenRecipe recipe, long start, int count);
}
