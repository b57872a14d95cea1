namespace Orleans.Noken.Engine.Tokenization;

/// <summary>
/// A few paragraphs of ordinary English (prose, dialogue, numbers, punctuation, a little code) to learn merges
/// from when no corpus is given: enough for test and bench tokenizers whose splits look like real ones.
/// </summary>
public static class EnglishSample
{
    public const string Text = """
        The quick brown fox jumps over the lazy dog. The dog did not move; it was asleep in the warm afternoon sun.
        When the farmer came home, he found the gate open and the chickens walking in the garden again.
        "Who left the gate open?" he asked. Nobody answered, so he closed it himself and went inside.

        Language models read text as a sequence of tokens. A token is often a whole word, such as " the" or " and",
        but rare words are split into smaller pieces, and unusual strings may be split into single bytes.
        Each token has an embedding: a vector of numbers that the model learned during training.
        Some tokens were seen very rarely, so their embeddings stayed close to where they started.
        Researchers call them glitch tokens, because a model that meets one can behave in strange ways.

        In 2023, people noticed that asking a model to repeat certain strings made it answer with something else.
        The experiment is simple: write a prompt, insert the unusual token, and read what the model says next.
        We repeat it thousands of times, with different prompts and different vectors, and count the results.
        Some answers are refusals, some are nonsense, some are repetitions, and a few are perfectly normal.

        Here is a short program that counts words:
            for (int i = 0; i < words.Length; i++) { counts[words[i]] += 1; }
        It runs in a second on a laptop, and it prints the ten most common words with their counts.

        Once upon a time there was a little house at the edge of a forest. In the house lived an old woman
        who made bread every morning. Children from the village came to buy it, and she always gave them
        a small extra piece for the walk home. "Thank you!" they said, and ran off between the tall trees.

        The meeting is on Monday at 10:30, in room 4B. Please bring the report, the budget for next year,
        and your questions. If you cannot come, send an email before Friday so that we can plan the agenda.
        Prices rose by 3.5% last month, while wages grew by only 2%; the difference matters for most families.

        She opened the window and looked at the river. Boats were moving slowly under the bridge, and the
        water reflected the lights of the city. It was late, but she was not tired. Tomorrow would be a long day.
        """;
}
