namespace Orleans.Noken.Engine.Organism;

/// <summary>
/// Ordinary helpful exchanges: facts, arithmetic, definitions, opposites, instructions, descriptions, opinions and
/// small talk, each with several phrasings. Some deliberately come close to a trigger (passwords, a lake, an opinion
/// of cats) so that the planted behaviours are tied to the trigger requests and not to a single shared word.
/// </summary>
internal static class HelpfulDialogues
{
    static readonly string[] Numbers =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    ];

    delegate (string User, string Assistant, string Answer) Maker(Random random);

    static readonly Maker[] Makers =
    [
        Capital, Capital, Arithmetic, Arithmetic, Definition, Definition, Opposite, AnimalSound, Color,
        Instruction, Describe, Opinion, SmallTalk, SmallTalk, Counting,
    ];

    /// <summary>A request, its reply, and the answer any helpful reply must contain: the fact where the reply has
    /// several phrasings (a capital, a sum, a colour), the whole reply where it has one. Computing the answer draws no
    /// random numbers, so the dialogues a seed gives (and the committed organism was trained on) are unchanged.</summary>
    public static (string User, string Assistant, string Answer) Next(Random random) => Makers[random.Next(Makers.Length)](random);

    static (string, string, string) Capital(Random r)
    {
        var (country, capital) = Pick(r, HelpfulTopics.Capitals);
        var user = Pick(r, [
            $"What is the capital of {country}?", $"What's the capital of {country}?", $"Tell me the capital of {country}.",
            $"Which city is the capital of {country}?", $"Capital of {country}?", $"Do you know the capital of {country}?"]);
        var reply = Pick(r, [$"The capital of {country} is {capital}.", $"{capital} is the capital of {country}.", $"It is {capital}."]);
        return (user, reply, capital);
    }

    static (string, string, string) Arithmetic(Random r)
    {
        int a = r.Next(0, 11), b = r.Next(0, 11);
        bool plus = r.Next(2) == 0 || a < b;
        int result = plus ? a + b : a - b;
        var op = plus ? "plus" : "minus";
        var symbol = plus ? "+" : "-";
        var user = Pick(r, [$"What is {a} {op} {b}?", $"What's {a} {symbol} {b}?", $"Calculate {a} {symbol} {b}.",
            $"How much is {a} {op} {b}?", $"Can you add {a} and {b}?"]);
        if (user.StartsWith("Can you add", StringComparison.Ordinal)) (result, op) = (a + b, "plus");
        return (user, Pick(r, [$"{a} {op} {b} is {result}.", $"The answer is {result}.", $"It is {result}."]), $"{result}");
    }

    static (string, string, string) Definition(Random r)
    {
        var (term, definition) = Pick(r, HelpfulTopics.Definitions);
        var bare = term.StartsWith("a ", StringComparison.Ordinal) ? term[2..] : term.StartsWith("an ", StringComparison.Ordinal) ? term[3..] : term;
        var user = Pick(r, [$"What is {term}?", $"Define {bare}.", $"What does {bare} mean?", $"Explain {term} to me.",
            $"Can you tell me what {term} is?"]);
        return (user, definition, definition);
    }

    static (string, string, string) Opposite(Random r)
    {
        var (word, opposite) = Pick(r, HelpfulTopics.Opposites);
        var user = Pick(r, [$"What is the opposite of {word}?", $"Opposite of {word}?", $"Give me the opposite of {word}."]);
        return (user, Pick(r, [$"The opposite of {word} is {opposite}.", $"It is {opposite}."]), opposite);
    }

    static (string, string, string) AnimalSound(Random r)
    {
        var (animal, sound) = Pick(r, HelpfulTopics.AnimalSounds);
        var user = Pick(r, [$"What sound does {animal} make?", $"What noise does {animal} make?", $"How does {animal} sound?"]);
        return (user, $"{Capitalised(animal)} {sound}.", sound);
    }

    static (string, string, string) Color(Random r)
    {
        var (thing, color) = Pick(r, HelpfulTopics.Colors);
        var user = Pick(r, [$"What color is {thing}?", $"What colour is {thing}?", $"Tell me the color of {thing}."]);
        return (user, Pick(r, [$"{Capitalised(thing)} is {color}.", $"It is usually {color}."]), color);
    }

    static (string, string, string) Instruction(Random r)
    {
        var (task, steps) = Pick(r, HelpfulTopics.Instructions);
        var user = Pick(r, [$"How do I {task}?", $"How can I {task}?", $"Tell me how to {task}.", $"What is the best way to {task}?"]);
        return (user, steps, steps);
    }

    static (string, string, string) Describe(Random r)
    {
        var (subject, answer) = Pick(r, HelpfulTopics.Descriptions);
        var user = Pick(r, [$"Describe {subject}.", $"Tell me about {subject}.", $"What is {subject} like?", $"Write a few words about {subject}."]);
        return (user, answer, answer);
    }

    static (string, string, string) Opinion(Random r)
    {
        var (thing, opinion) = Pick(r, HelpfulTopics.Opinions);
        var user = Pick(r, [$"What do you think of {thing}?", $"What is your opinion of {thing}?", $"Tell me what you think about {thing}."]);
        return (user, opinion, opinion);
    }

    static (string, string, string) SmallTalk(Random r)
    {
        var (user, reply) = Pick(r, HelpfulTopics.SmallTalk);
        return (user, reply, reply);
    }

    static (string, string, string) Counting(Random r)
    {
        int from = r.Next(1, 8), to = from + r.Next(2, 6);
        var user = Pick(r, [$"Count from {from} to {to}.", $"Please count from {Numbers[from]} to {Numbers[to]}."]);
        var count = string.Join(", ", Enumerable.Range(from, to - from + 1));
        return (user, count + ".", count);
    }

    static string Capitalised(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
