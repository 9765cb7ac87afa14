-- PostgreSQL database dump
SET client_encoding = 'UTF8';

CREATE TABLE public.customers (
    id text,
    full_name text,
    full_name_kana text,
    dob text,
    email text
);

COPY public.customers (id, full_name, full_name_kana, dob, email) FROM stdin;
1	若林 文代	ワカバヤシ フミヨ	1956-09-10	fumiyowakabayashi568@example.jp
2	久保田 陽翔	クボタ ハルト	1998-12-11	haruto.kubota302@example.jp
3	我如古 琴音	ガネコ コトネ	1970-07-21	kotone_ganeko934@example.co.jp
4	御手洗 悠真	ミタライ ユウマ	1999-10-11	yuma.mitarai426@example.jp
5	潮田 紬	ウシオダ ツムギ	1951-07-11	tsumugiushioda891@example.com
6	野々村 悠真	ノノムラ ユウマ	1954-09-23	yuma_nonomura697@example.co.jp
7	比嘉 琴音	ヒガ コトネ	1953-03-17	kotone.higa974@example.co.jp
8	潮田 芽依	ウシオダ メイ	1959-05-15	mei_ushioda143@example.jp
9	一ノ瀬 義男	イチノセ ヨシオ	1992-08-20	yoshioichinose477@example.jp
10	一ノ瀬 節子	イチノセ セツコ	1945-06-19	setsukoichinose468@example.co.jp
11	真栄田 澪	マエダ ミオ	1951-11-08	mio_maeda52@mail.example.org
12	千葉 樹	チバ イツキ	1969-12-22	itsuki_chiba643@example.ne.jp
\.

CREATE TABLE public.bookings (
    id text,
    customer_id text,
    traveller text,
    traveller_email text,
    passport_no text,
    passport_issued text
);

COPY public.bookings (id, customer_id, traveller, traveller_email, passport_no, passport_issued) FROM stdin;
900	1	WAKABAYASHI FUMIYO	FUMIYOWAKABAYASHI568@EXAMPLE.JP	\N	\N
901	2	KUBOTA HARUTO	HARUTO.KUBOTA302@EXAMPLE.JP	TD7014016	2012-04-01
902	3	GANEKO KOTONE	KOTONE_GANEKO934@EXAMPLE.CO.JP	TF9075220	2012-04-01
903	4	MITARAI YUMA	YUMA.MITARAI426@EXAMPLE.JP	\N	\N
904	5	USHIODA TSUMUGI	TSUMUGIUSHIODA891@EXAMPLE.COM	TK8549326	2014-04-01
905	6	NONOMURA YUMA	YUMA_NONOMURA697@EXAMPLE.CO.JP	MG8295341	2015-04-01
906	7	HIGA KOTONE	KOTONE.HIGA974@EXAMPLE.CO.JP	\N	\N
907	8	USHIODA MEI	MEI_USHIODA143@EXAMPLE.JP	MY3315935	2015-04-01
908	9	ICHINOSE YOSHIO	YOSHIOICHINOSE477@EXAMPLE.JP	TQ6305327	2015-04-01
909	10	ICHINOSE SETSUKO	SETSUKOICHINOSE468@EXAMPLE.CO.JP	\N	\N
910	11	MAEDA MIO	MIO_MAEDA52@MAIL.EXAMPLE.ORG	MR6942722	2013-04-01
911	12	CHIBA ITSUKI	ITSUKI_CHIBA643@EXAMPLE.NE.JP	ML1220948	2012-04-01
\.

CREATE TABLE public.payments (
    id text,
    booking_id text,
    pan text,
    amount text
);

COPY public.payments (id, booking_id, pan, amount) FROM stdin;
1	900	4242 4242 4242 4242	12000
2	901	\N	44000
3	902	\N	44000
4	903	\N	52000
5	904	4242 4242 4242 4242	22000
6	905	\N	73000
7	906	\N	11000
8	907	\N	17000
9	908	4242 4242 4242 4242	24000
10	909	\N	44000
11	910	\N	21000
12	911	\N	31000
\.

