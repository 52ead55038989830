#!/usr/bin/perl
# Writes build/gen/stopwords_data.c: the stopword lists of Debian's
# liblingua-stopwords-perl (Lingua::StopWords), one sorted array per
# language, so that sumq's lists come from a maintained source and are
# not typed by hand. See lib/stopwords.h for the table it fills.
#
# Those are Snowball's lists, which leave out modal and auxiliary verbs
# and grammatical adverbs that make poor keywords ("sollen", "dass",
# "plus", "ska kunna"). Three more maintained Debian sources fill in,
# each where it is reliable (README, "Keywords and stopwords"):
#  - French: the words Dicollecte's dictionary (hunspell-fr-classical)
#    tags as grammatical ("po:mg": "plus", "très", "selon") or as
#    auxiliary verbs ("po:v0": "être", "avoir");
#  - German: GNOME Tracker's list (libtracker-sparql-3.0-0): "dass",
#    "sollen", "müssen";
#  - Swedish: the other forms of the verbs on the list ("kunna" beside
#    "kan" and "kunde", "ska" beside "skulle"), made by Apertium's
#    Swedish analyser and generator (apertium-swe-dan, lttoolbox);
#  - Swedish, Danish and Indonesian: the words of the language's word
#    list (wswedish, wdanish; hunspell-id's dictionary) that Apertium's
#    analyser of the language (apertium-swe-dan, apertium-ind-zlm) knows
#    only as adverbs, pronouns, prepositions or conjunctions ("också",
#    "även", "dessutom"; "også", "allerede"; "meski", "sudah", "saat",
#    and the reduplicated "masing-masing" and "tiba-tiba", which the
#    parser reads as one word).
#
# Romanian: the list spells s and t with a cedilla (U+015F, U+0163), as
# text did before Unicode 3.0 had the correct comma-below letters (U+0219,
# U+021B) that Romanian text uses today; NFC does not map one to the
# other, so each such word is listed in both spellings.
use strict;
use warnings;
use feature 'fc';
use Lingua::StopWords qw(getStopWords);
use File::Temp qw(tempfile);
binmode STDOUT, ":encoding(UTF-8)";

my $DICOLLECTE = '/usr/share/hunspell/fr_FR.dic';
my $TRACKER_DE = '/usr/share/tracker3/stop-words/stopwords.de';
my $APERTIUM_SV = '/usr/share/apertium/apertium-swe-dan';
my $APERTIUM_ID = '/usr/share/apertium/apertium-ind-zlm/ind-zlm.automorf.bin';
my $HUNSPELL_ID = '/usr/share/hunspell/id_ID.dic';

sub read_lines {
    my ($path, $encoding) = @_;
    $encoding //= 'UTF-8';
    open my $in, "<:encoding($encoding)", $path or die "$path: $!\n";
    my @lines = <$in>;
    close $in;
    return @lines;
}

# Dicollecte lines are "word[/flags] po:TAG ...". A homograph tagged both
# ways ("personne": nobody, person) counts as grammatical.
sub dicollecte_words {
    my %words;
    for (read_lines($DICOLLECTE)) {
        my ($entry, @fields) = split;
        next unless defined $entry && grep { $_ eq 'po:mg' || /^po:v0/ } @fields;
        $entry =~ s{/.*}{};
        $words{$entry} = 1;
    }
    return keys %words;
}

sub tracker_words {
    return grep { $_ ne '' } map { s/\s+//gr } read_lines($TRACKER_DE);
}

# Runs lt-proc (with the options listed) on one unit a line; returns, per line,
# the list of its readings ("kunna<vblex><inf><actv>", or a surface form
# when generating). Unknown words and failed generations get none.
sub apertium {
    my ($bin, $options, @lines) = @_;
    my ($fh, $path) = tempfile(UNLINK => 1);
    binmode $fh, ':encoding(UTF-8)';
    print $fh "$_\n" for @lines;
    close $fh;
    open my $out, '-|:encoding(UTF-8)', 'lt-proc', @$options, $bin, $path or die "lt-proc: $!\n";
    my @readings;
    while (my $line = <$out>) {
        chomp $line;
        $line =~ s/^\^[^\/]*\/// and $line =~ s/\$$//;
        push @readings, [grep { !/^[*#@]/ && !/<compound-/ } split m{/}, $line];
    }
    close $out or die "lt-proc failed on $bin\n";
    die "lt-proc: not one line out per line in from $bin\n" unless @readings == @lines;
    return @readings;
}

# The listed words whose every reading is a verb give the lemmas and the
# inflections; every inflection of those lemmas is generated and kept
# when, read back, it is only a form of those verbs: "skola" (a school,
# and the infinitive of "ska") stays a keyword.
sub apertium_verb_forms {
    my (@listed) = @_;
    my $analyser = "$APERTIUM_SV/swe-dan.automorf.bin";
    my (%lemmas, %tags);
    my @readings = apertium($analyser, [], @listed);
    for my $word (@readings) {
        next unless @$word && !grep { !/^[^<]+<vblex>/ } @$word;
        for (@$word) {
            my ($lemma, $tag) = /^([^<]+)(<.*)$/;
            $lemmas{$lemma} = 1;
            $tags{$tag} = 1;
        }
    }
    my @requests = map { my $lemma = $_; map { "^$lemma$_\$" } sort keys %tags } sort keys %lemmas;
    my @forms = grep { $_ ne '' } map { $_->[0] // '' }
                apertium("$APERTIUM_SV/dan-swe.autogen.bin", ['-g'], @requests);
    my %seen;
    @forms = grep { !$seen{$_}++ } @forms;
    my @kept;
    my @back = apertium($analyser, [], @forms);
    for my $index (0 .. $#forms) {
        my $word = $back[$index];
        push @kept, $forms[$index]
            if @$word && !grep { !(/^([^<]+)<vblex>/ && $lemmas{$1}) } @$word;
    }
    return @kept;
}

# Adverbs, pronouns, prepositions and conjunctions are closed or nearly
# closed classes that never name a topic. Snowball lists the commonest;
# Apertium's analyser tags the rest. Only lower-case entries of the word
# list are read (not names such as "Per"), and only words with no other
# reading are kept ("bara", also an adjective, and the numerals, tagged
# as determiners, stay keywords). A hunspell dictionary serves as a word
# list: its affix flags ("/FLAGS") are dropped.
sub apertium_function_words {
    my ($analyser, $list, $encoding) = @_;
    my @words = grep { /^\p{Ll}+(?:-\p{Ll}+)*$/ } map { s{/.*}{}r =~ s/\s+//gr } read_lines($list, $encoding);
    my @readings = apertium($analyser, [], @words);
    my %function = map { $_ => 1 } qw(adv pr prn cnjcoo cnjsub cnjadv);
    return map { $words[$_] }
           grep { my $word = $readings[$_];
                  @$word && !grep { !(/^[^<]+<([^>]+)>/ && $function{$1}) } @$word }
           0 .. $#words;
}

my @langs = qw(da de en es fi fr hu id it nl no pt ro ru sv);
print "/* Generated by tools/gen-stopwords.pl from Lingua::StopWords, Dicollecte, Tracker, Apertium and hunspell-id. Do not edit. */\n";
print "#include \"stopwords.h\"\n\n";
for my $lang (@langs) {
    my $words = getStopWords($lang, 'UTF-8') or die "no stopwords for $lang\n";
    my @extra = $lang eq 'fr'? dicollecte_words()
              : $lang eq 'de'? tracker_words()
              : $lang eq 'sv'? (apertium_verb_forms(sort keys %$words),
                                apertium_function_words("$APERTIUM_SV/swe-dan.automorf.bin", '/usr/share/dict/swedish', 'ISO-8859-1'))
              : $lang eq 'da'? apertium_function_words("$APERTIUM_SV/dan-swe.automorf.bin", '/usr/share/dict/danish', 'UTF-8')
              : $lang eq 'id'? apertium_function_words($APERTIUM_ID, $HUNSPELL_ID, 'UTF-8')
              : ();
    $words->{$_} = 1 for @extra;
    if ($lang eq 'ro') {
        for my $w (keys %$words) {
            (my $comma = $w) =~ tr/\x{15F}\x{163}/\x{219}\x{21B}/;
            $words->{$comma} = 1;
        }
    }
    #  The parser looks words up case-folded as ICU folds them (full
    #  folding: "daß" is "dass"); Perl's fc folds the same way.
    my %folded = map { fc ($_) => 1 } keys %$words;
    my @sorted = sort keys %folded;
    print "static const char *const s_$lang\[] = {\n";
    for my $w (@sorted) {
        (my $e = $w) =~ s/(["\\])/\\$1/g;
        print "    \"$e\",\n";
    }
    print "};\n\n";
}
print "const sumq_stopword_list_t sumq_stopword_lists[] = {\n";
for my $lang (@langs) {
    print "    { \"$lang\", s_$lang, sizeof (s_$lang) / sizeof (s_$lang\[0]) },\n";
}
print "};\nconst size_t sumq_stopword_list_count = ", scalar(@langs), ";\n";
