/*  check_langid: language identification on short paragraphs.  */
#include <check.h>
#include "suite_run.h"
#include <stdlib.h>
#include <string.h>
#include "langid.h"

//  One news paragraph per language, the same story in each.
static const struct {
    const char *lang;
    const char *text;
} s_paragraphs [] = {
    { "en", "The city council approved a new budget on Tuesday after a long debate about public "
            "transport. Most of the money will go to buses, cycle lanes and the repair of old bridges." },
    { "sv", "Kommunfullmäktige godkände på tisdagen en ny budget efter en lång debatt om "
            "kollektivtrafiken. Det mesta av pengarna går till bussar, cykelbanor och reparation av gamla broar." },
    { "de", "Der Stadtrat hat am Dienstag nach einer langen Debatte über den Nahverkehr einen neuen "
            "Haushalt beschlossen. Das meiste Geld fließt in Busse, Radwege und die Reparatur alter Brücken." },
    { "fr", "Le conseil municipal a adopté mardi un nouveau budget après un long débat sur les transports "
            "publics. La plus grande partie de l'argent ira aux bus, aux pistes cyclables et à la réparation des vieux ponts." },
    { "es", "El ayuntamiento aprobó el martes un nuevo presupuesto tras un largo debate sobre el transporte "
            "público. La mayor parte del dinero se destinará a autobuses, carriles bici y la reparación de puentes antiguos." },
    { "pt", "A câmara municipal aprovou na terça-feira um novo orçamento depois de um longo debate sobre os "
            "transportes públicos. A maior parte do dinheiro vai para autocarros, ciclovias e a reparação de pontes antigas." },
    { "it", "Il consiglio comunale ha approvato martedì un nuovo bilancio dopo un lungo dibattito sul trasporto "
            "pubblico. La maggior parte dei fondi andrà agli autobus, alle piste ciclabili e alla riparazione dei vecchi ponti." },
    { "nl", "De gemeenteraad heeft dinsdag na een lang debat over het openbaar vervoer een nieuwe begroting "
            "goedgekeurd. Het meeste geld gaat naar bussen, fietspaden en de reparatie van oude bruggen." },
    { "vi", "Hội đồng thành phố đã thông qua ngân sách mới vào thứ Ba sau một cuộc tranh luận dài về giao "
            "thông công cộng. Phần lớn số tiền sẽ dành cho xe buýt, làn đường xe đạp và sửa chữa các cây cầu cũ." },
    { "id", "Dewan kota menyetujui anggaran baru pada hari Selasa setelah perdebatan panjang tentang "
            "transportasi umum. Sebagian besar dana akan digunakan untuk bus, jalur sepeda, dan perbaikan jembatan tua." },
    { "da", "Byrådet vedtog tirsdag et nyt budget efter en lang debat om den offentlige transport. De "
            "fleste af pengene går til busser, cykelstier og reparation af gamle broer." },
    { "no", "Bystyret vedtok tirsdag et nytt budsjett etter en lang debatt om kollektivtransporten. Det "
            "meste av pengene går til busser, sykkelveier og reparasjon av gamle bruer." },
    { "fi", "Kaupunginvaltuusto hyväksyi tiistaina uuden talousarvion pitkän joukkoliikennettä koskeneen "
            "keskustelun jälkeen. Suurin osa rahoista käytetään busseihin, pyöräteihin ja vanhojen siltojen korjaamiseen." },
    { "zh", "市议会星期二在关于公共交通的长时间辩论之后批准了新的预算。大部分资金将用于公共汽车、自行车道和修理旧桥。" }
};

static sumq_langid_t *s_langid;

static void
s_setup (void)
{
    s_langid = sumq_langid_new (NULL);
    ck_assert_ptr_nonnull (s_langid);
}

static void
s_teardown (void)
{
    sumq_langid_destroy (&s_langid);
    ck_assert_ptr_null (s_langid);
}

static const char *
s_detect (const char *text)
{
    return sumq_langid_detect (s_langid, text, strlen (text));
}

START_TEST (test_paragraphs)
{
    const char *lang = s_paragraphs [_i].lang;
    ck_assert_str_eq (s_detect (s_paragraphs [_i].text), lang);
}
END_TEST

//  The two paragraphs textcat alone cannot tell apart.
START_TEST (test_danish_and_norwegian)
{
    const char *danish = "Regeringen har besluttet at give flere penge til skolerne, og "
                         "ministeren siger, at det er en god dag for de danske børn.";
    const char *norwegian = "Regjeringen har bestemt å gi mer penger til skolene, og ministeren "
                            "sier at det er en god dag for de norske barna.";
    ck_assert_str_eq (s_detect (danish), "da");
    ck_assert_str_eq (s_detect (norwegian), "no");
}
END_TEST

START_TEST (test_undetermined)
{
    ck_assert_str_eq (s_detect (""), SUMQ_LANGID_UNDETERMINED);
    ck_assert_str_eq (s_detect ("2025 / 05.10. -- 42"), SUMQ_LANGID_UNDETERMINED);
    //  Too short for n-grams, and no stopword to go by.
    ck_assert_str_eq (s_detect ("Hello world"), SUMQ_LANGID_UNDETERMINED);
    //  Georgian: a script none of the languages is written in.
    ck_assert_str_eq (s_detect ("საქართველო არის ქვეყანა კავკასიაში. დედაქალაქი არის თბილისი და იქ "
                                "ბევრი ადამიანი ცხოვრობს."), SUMQ_LANGID_UNDETERMINED);
}
END_TEST

START_TEST (test_short_text_by_stopwords)
{
    ck_assert_str_eq (s_detect ("The cat sat on the mat."), "en");
    ck_assert_str_eq (s_detect ("Katten och hunden."), "sv");
}
END_TEST

START_TEST (test_only_the_start_is_read)
{
    //  Swedish filling the window, then twice as much English.
    char *text = calloc (4 * SUMQ_LANGID_MAX_BYTES, 1);
    while (strlen (text) < SUMQ_LANGID_MAX_BYTES) {
        strcat (text, s_paragraphs [1].text);
        strcat (text, "\n");
    }
    while (strlen (text) < 3 * SUMQ_LANGID_MAX_BYTES) {
        strcat (text, s_paragraphs [0].text);
        strcat (text, "\n");
    }
    ck_assert_str_eq (sumq_langid_detect (s_langid, text, strlen (text)), "sv");
    free (text);
}
END_TEST

START_TEST (test_missing_models)
{
    ck_assert_ptr_null (sumq_langid_new ("/nonexistent/textcat"));
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *suite = suite_create ("langid");
    TCase *detect = tcase_create ("detect");
    tcase_add_checked_fixture (detect, s_setup, s_teardown);
    tcase_add_loop_test (detect, test_paragraphs, 0, sizeof s_paragraphs / sizeof s_paragraphs [0]);
    tcase_add_test (detect, test_danish_and_norwegian);
    tcase_add_test (detect, test_undetermined);
    tcase_add_test (detect, test_short_text_by_stopwords);
    tcase_add_test (detect, test_only_the_start_is_read);
    suite_add_tcase (suite, detect);
    TCase *models = tcase_create ("models");
    tcase_add_test (models, test_missing_models);
    suite_add_tcase (suite, models);
    return suite;
}

int
main (void)
{
    return suite_run (s_suite ());
}
