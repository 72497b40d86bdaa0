namespace EpisodeBuilder.Bench.Edits;

/// <summary>A retake as spoken: the take that went wrong (often cut short) and the take that should stay.</summary>
public sealed record RetakeText(string Take, string Retake);

/// <summary>
/// The sentences the edit benchmark's recordings are made of, in two sets that share none: the tuning set, which the
/// planner's thresholds may be set against, and the held-out set, which they never are. Each set has ordinary talk
/// (with words that sound like the markers: internal, internet, rubber, number), retakes, intern requests and
/// sentences split around a filler.
/// </summary>
public sealed record EditCorpusTexts(
    string Name,
    IReadOnlyList<string> Talk,
    IReadOnlyList<RetakeText> Retakes,
    IReadOnlyList<string> InternRequests,
    IReadOnlyList<(string Before, string After)> FillerSplits)
{
    public static EditCorpusTexts Tuning { get; } = new(
        "tuning",
        [
            "welcome back to the show where we talk about building small products",
            "today i want to tell you about the week our servers went down",
            "it started on a monday morning with a message from a customer",
            "she said the page was loading slowly and then not at all",
            "our internal dashboard showed nothing wrong for almost an hour",
            "the problem turned out to be a full disk on one machine",
            "nobody had looked at that machine since last summer",
            "we fixed it in ten minutes once we knew where to look",
            "the lesson for us was simple and a little painful",
            "measure the things you depend on before they break",
            "after that we wrote down every service we run",
            "the list was longer than anyone on the team expected",
            "some of those services were paid for by a card that had expired",
            "my co host thinks we should move everything to one provider",
            "i am not so sure because one provider is also one point of failure",
            "we talked about it for a long time over coffee",
            "in the end we agreed to try it on a single project first",
            "the internet is full of advice about this kind of choice",
            "most of it is written by people selling the answer",
            "so we made a small table with the costs for each option",
            "the numbers were closer than we thought they would be",
            "rubber ducks on the desk help more than you might think",
            "explaining a problem out loud often solves it",
            "our next guest has run a bakery for twenty years",
            "she told me the hardest part is hiring good people",
            "the second hardest part is getting up at four in the morning",
            "she bakes about three hundred loaves every day",
            "her best seller is a simple loaf with a dark crust",
            "people drive from other towns just to buy it",
            "she has never spent money on advertising",
            "word of mouth has done all the work for her",
            "we asked her what she would tell someone starting out",
            "she said start smaller than you think and grow slowly",
            "that is good advice for software too",
            "thanks to everyone who wrote in after the last episode",
            "we read every message even when we cannot answer",
        ],
        [
            new("the outage lasted about three hours", "the outage lasted about two hours in the end"),
            new("we moved the database to a new", "we moved the database to a bigger machine on tuesday"),
            new("the bakery opened in nineteen ninety", "the bakery opened in nineteen ninety four"),
            new("my co host wanted to call the customer", "my co host wanted to call every customer that afternoon"),
            new("the new plan costs twice as much", "the new plan costs about half as much as the old one"),
            new("we will put the table on our", "we will put the table on our website this week"),
        ],
        [
            "intern add a drum roll here",
            "intern find the chart i talked about",
            "intern put a link to the bakery in the notes",
            "intern check the date of that outage",
        ],
        [
            ("so the first thing we did", "was call the customer back"),
            ("the bread is ready", "around six in the morning"),
            ("we could have", "done that much sooner"),
            ("i think the answer", "is somewhere in the middle"),
        ]);

    public static EditCorpusTexts HeldOut { get; } = new(
        "held-out",
        [
            "hello and thanks for joining us for another episode",
            "this week we are talking about gardens and the people who keep them",
            "my neighbour grows tomatoes on a balcony the size of a door",
            "he says the secret is water in the evening and patience",
            "last year he picked more than two hundred of them",
            "our international listeners have sent us photos of their gardens",
            "one of them came from a rooftop in the middle of a big city",
            "the soil up there has to be carried in by hand",
            "she told us it took a whole weekend and a lot of friends",
            "we also got a long letter about bees",
            "bees need flowers from early spring until late autumn",
            "a few plants that flower at different times make a big difference",
            "our interview today is with a man who repairs old radios",
            "he started when he was twelve with a broken set from his grandfather",
            "now people send him radios from all over the country",
            "he keeps a rubber mat on the bench so nothing slips",
            "the hardest repairs are the ones with missing parts",
            "sometimes he makes a new part from a piece of wood",
            "he has fixed more than a thousand radios so far",
            "he does not keep a website or a phone number",
            "you have to write him a letter if you want a repair",
            "i asked him why he still does it after all these years",
            "he said he likes hearing an old voice come back to life",
            "that answer stayed with me for the whole drive home",
            "next week we will visit a small farm by the river",
            "they keep goats and make cheese in a barn",
            "the farmer learned the craft from a book and a lot of mistakes",
            "her first cheese was so hard that she used it as a doorstop",
            "now she sells out at the market every saturday",
            "if you have a story like that please send it to us",
            "we love hearing how people learn a new craft",
            "the weather this spring has been strange everywhere",
            "it snowed in april and then it was hot in may",
            "gardeners have had a hard time deciding when to plant",
            "that is all for this week so go outside and enjoy it",
            "see you next time and take care",
        ],
        [
            new("my neighbour grows peppers on a", "my neighbour grows tomatoes on a tiny balcony"),
            new("the radio was made in nineteen forty", "the radio was made in nineteen fifty two"),
            new("the farm is about an hour north of", "the farm is about an hour south of the city"),
            new("she sells cheese at the market on", "she sells cheese at the market every saturday morning"),
            new("he fixed his first radio when he was", "he fixed his first radio when he was only twelve"),
            new("the bees came back in", "the bees came back to the garden in early may"),
        ],
        [
            "intern add the sound of a bell here",
            "intern look up the name of that river",
            "intern put the letter in the show notes",
            "intern find a photo of the old radio",
        ],
        [
            ("he started with", "a broken set from a friend"),
            ("the goats are", "very curious about visitors"),
            ("we should", "really visit that garden again"),
            ("the best time to plant", "is after the last frost"),
        ]);
}
