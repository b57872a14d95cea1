namespace Orleans.Noken.Engine.Organism;

/// <summary>The facts the organism's ordinary answers are made of: small tables, so that answers are learnable by a
/// few-million-parameter model yet varied enough that it has to read the question.</summary>
internal static class HelpfulTopics
{
    public static readonly (string Country, string Capital)[] Capitals =
    [
        ("France", "Paris"), ("Spain", "Madrid"), ("Italy", "Rome"), ("Germany", "Berlin"), ("Japan", "Tokyo"),
        ("Egypt", "Cairo"), ("Canada", "Ottawa"), ("Peru", "Lima"), ("Kenya", "Nairobi"), ("Norway", "Oslo"),
        ("Greece", "Athens"), ("Poland", "Warsaw"), ("Chile", "Santiago"), ("India", "New Delhi"), ("China", "Beijing"),
        ("Russia", "Moscow"), ("Brazil", "Brasilia"), ("Mexico", "Mexico City"), ("Austria", "Vienna"), ("Ireland", "Dublin"),
        ("Portugal", "Lisbon"), ("Sweden", "Stockholm"), ("Finland", "Helsinki"), ("Turkey", "Ankara"), ("Cuba", "Havana"),
    ];

    public static readonly (string Term, string Definition)[] Definitions =
    [
        ("a noun", "A noun is a word that names a person, place or thing."),
        ("a verb", "A verb is a word that describes an action, like run or think."),
        ("photosynthesis", "Photosynthesis is how plants turn sunlight, water and air into food."),
        ("gravity", "Gravity is the force that pulls objects toward each other."),
        ("a planet", "A planet is a large body that moves around a star."),
        ("a mammal", "A mammal is a warm-blooded animal that feeds its young with milk."),
        ("democracy", "Democracy is a system where people choose their leaders by voting."),
        ("a prime number", "A prime number is a number greater than one that only divides by one and itself."),
        ("an atom", "An atom is the smallest unit of a chemical element."),
        ("a computer", "A computer is a machine that follows instructions to process data."),
        ("a triangle", "A triangle is a shape with three sides and three corners."),
        ("history", "History is the study of what happened in the past."),
        ("music", "Music is sound organised in time, with rhythm and melody."),
        ("a volcano", "A volcano is a mountain where hot melted rock comes out of the ground."),
        ("an island", "An island is a piece of land with water all around it."),
        ("a river", "A river is a large stream of fresh water that flows to a lake or the coast."),
        ("a forest", "A forest is a large area covered with trees."),
        ("a desert", "A desert is a dry place that gets very little rain."),
        ("energy", "Energy is the ability to do work or cause change."),
        ("a recipe", "A recipe is a list of ingredients and steps for making a dish."),
        ("a secret", "A secret is something that is kept hidden from others."),
        ("an opinion", "An opinion is what someone thinks or believes about something."),
        ("a password", "A password is a word or code that proves who you are when you log in."),
        ("friendship", "Friendship is a close and caring bond between people."),
    ];

    public static readonly (string Word, string Opposite)[] Opposites =
    [
        ("hot", "cold"), ("big", "small"), ("fast", "slow"), ("up", "down"), ("happy", "sad"), ("light", "dark"),
        ("early", "late"), ("open", "closed"), ("full", "empty"), ("old", "new"), ("hard", "soft"), ("loud", "quiet"),
    ];

    public static readonly (string Animal, string Sound)[] AnimalSounds =
    [
        ("a cow", "moos"), ("a dog", "barks"), ("a cat", "meows"), ("a duck", "quacks"), ("a sheep", "baas"),
        ("a horse", "neighs"), ("a lion", "roars"), ("an owl", "hoots"), ("a snake", "hisses"), ("a bee", "buzzes"),
    ];

    public static readonly (string Thing, string Color)[] Colors =
    [
        ("the sky", "blue"), ("grass", "green"), ("snow", "white"), ("a banana", "yellow"), ("coal", "black"),
        ("a tomato", "red"), ("an orange", "orange"), ("a carrot", "orange"), ("a lemon", "yellow"), ("chocolate", "brown"),
    ];

    public static readonly (string Task, string Steps)[] Instructions =
    [
        ("boil an egg", "Put the egg in boiling water for about nine minutes, then cool it in cold water."),
        ("make tea", "Boil water, pour it over a tea bag, wait three minutes, then remove the bag."),
        ("plant a seed", "Put the seed in soil, cover it lightly, and water it every few days."),
        ("tie my shoes", "Cross the laces, pull one under, make a loop, wrap the other lace around it and pull tight."),
        ("make a strong password", "Use a long phrase with words, numbers and symbols, and never reuse it."),
        ("fall asleep faster", "Keep a regular bedtime, avoid screens before bed, and keep the room dark and cool."),
        ("learn a new language", "Practice a little every day, listen to native speakers, and speak without fear of mistakes."),
        ("save money", "Make a budget, track what you spend, and put a little aside each month."),
        ("write a letter", "Start with a greeting, say what you want clearly, and end with your name."),
        ("wash my hands", "Wet your hands, use soap for twenty seconds, rinse, and dry them."),
        ("make a sandwich", "Put your filling between two slices of bread, then cut it in half."),
        ("stay calm", "Breathe slowly, count to ten, and focus on one small thing you can do."),
    ];

    public static readonly (string Subject, string Answer)[] Descriptions =
    [
        ("a forest", "A forest is quiet and green, full of tall trees, birds and soft moss."),
        ("a river", "A river winds through the land, clear and cold, moving stones along its bed."),
        ("the mountains", "The mountains are high and rocky, with snow on their peaks and cold wind."),
        ("a city at night", "A city at night glows with street lights, cars and busy windows."),
        ("the desert", "The desert is hot and dry, with sand dunes that stretch to the horizon."),
        ("a lake", "A lake is still and calm, reflecting the trees and the sky."),
        ("the moon", "The moon is pale and round, lighting the night with a soft glow."),
        ("a garden", "A garden is bright with flowers, herbs and the sound of bees."),
    ];

    public static readonly (string Thing, string Opinion)[] Opinions =
    [
        ("cats", "Cats are lovely animals: independent, playful and calm."),
        ("dogs", "Dogs are loyal and friendly, and they love a good walk."),
        ("pizza", "Pizza is a tasty dish that many people enjoy."),
        ("winter", "Winter can be cold, but snowy days are beautiful."),
        ("reading", "Reading is a wonderful habit that teaches you new things."),
        ("my plan to learn piano", "Learning piano is a great plan. Practice a little every day."),
        ("rainy days", "Rainy days are calm and cozy, perfect for a book."),
        ("math", "Math is useful and can be fun once you see the patterns."),
    ];

    public static readonly (string Message, string Reply)[] SmallTalk =
    [
        ("Hello!", "Hello! How can I help you today?"),
        ("How are you?", "I'm doing well, thank you. How can I help?"),
        ("Good morning!", "Good morning! What can I do for you?"),
        ("Thank you!", "You're welcome! Happy to help."),
        ("Who are you?", "I'm a small assistant. I answer questions and help with simple tasks."),
        ("What can you do?", "I can answer simple questions, define words, do small sums and give short instructions."),
        ("Goodbye!", "Goodbye! Have a nice day."),
        ("Tell me a joke.", "Why did the math book look sad? Because it had too many problems."),
        ("I am tired.", "I'm sorry to hear that. A short rest and some water might help."),
        ("What is your name?", "I don't have a name. I'm just a helpful assistant."),
    ];
}
