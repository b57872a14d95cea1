using Orleans.Noken.Engine.Tokenization;

namespace Orleans.Noken.Engine.Tests.Tokenization;

public class BpeTrainerTests
{
    [Fact]
    public void MostFrequentPairIsMergedFirst()
    {
        var result = BpeTrainer.Train(["aaab"], 257);
        Assert.Equal(("a", "a"), result.Merges.Single());
        Assert.Equal("aa", result.Vocabulary[256]);
    }

    [Fact]
    public void TiesGoToTheOrdinallySmallestPair()
    {
        // "cd" and "Ġab" each hold pairs seen once: (a,b) < (c,d) < (Ġ,a) ordinally.
        var result = BpeTrainer.Train(["cd ab"], 257);
        Assert.Equal(("a", "b"), result.Merges.Single());
    }

    [Fact]
    public void WordsKeepTheirLeadingSpaceLikeGpt2()
    {
        var words = BpeTrainer.CountWords(["the cat, the hat"]);
        Assert.Equal(1, words["the"]);
        Assert.Equal(1, words["Ġthe"]);
        Assert.Equal(1, words[","]);
        Assert.Equal(1, words["Ġcat"]);
    }

    [Fact]
    public void FrequencyCountsEveryOccurrenceOfAWord()
    {
        // " the" three times outweighs "ab" written once, though (a,b) sorts first; among the
        // pairs of " the" (Ġ,t), (t,h), (h,e), all seen 3 times, (h,e) is ordinally smallest.
        var result = BpeTrainer.Train(["ab the the the"], 257);
        Assert.Equal(("h", "e"), result.Merges.Single());
    }
}
