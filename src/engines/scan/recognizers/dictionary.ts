/**
 * Dictionaries the column classifier weighs as evidence (never as the only rule): common Japanese surnames in
 * three scripts, and the words that make a name-shaped value an organisation, a place or a product.
 * The surnames are the most common ~150 (together they cover roughly a third of the population), so a column
 * of person names shows a clear share of hits while product or place names show almost none.
 */
import { kanaKey, nfkc } from "../normalize.js";

const SURNAMES = `佐藤 サトウ SATO|鈴木 スズキ SUZUKI|高橋 タカハシ TAKAHASHI|田中 タナカ TANAKA|伊藤 イトウ ITO|渡辺 ワタナベ WATANABE|
山本 ヤマモト YAMAMOTO|中村 ナカムラ NAKAMURA|小林 コバヤシ KOBAYASHI|加藤 カトウ KATO|吉田 ヨシダ YOSHIDA|山田 ヤマダ YAMADA|
佐々木 ササキ SASAKI|山口 ヤマグチ YAMAGUCHI|松本 マツモト MATSUMOTO|井上 イノウエ INOUE|木村 キムラ KIMURA|林 ハヤシ HAYASHI|
斎藤 サイトウ SAITO|清水 シミズ SHIMIZU|山崎 ヤマザキ YAMAZAKI|森 モリ MORI|池田 イケダ IKEDA|橋本 ハシモト HASHIMOTO|阿部 アベ ABE|
石川 イシカワ ISHIKAWA|山下 ヤマシタ YAMASHITA|中島 ナカジマ NAKAJIMA|石井 イシイ ISHII|小川 オガワ OGAWA|前田 マエダ MAEDA|
岡田 オカダ OKADA|長谷川 ハセガワ HASEGAWA|藤田 フジタ FUJITA|後藤 ゴトウ GOTO|近藤 コンドウ KONDO|村上 ムラカミ MURAKAMI|
遠藤 エンドウ ENDO|青木 アオキ AOKI|坂本 サカモト SAKAMOTO|斉藤 サイトウ SAITO|福田 フクダ FUKUDA|太田 オオタ OTA|西村 ニシムラ NISHIMURA|
藤井 フジイ FUJII|金子 カネコ KANEKO|岡本 オカモト OKAMOTO|藤原 フジワラ FUJIWARA|中野 ナカノ NAKANO|三浦 ミウラ MIURA|原田 ハラダ HARADA|
中川 ナカガワ NAKAGAWA|松田 マツダ MATSUDA|竹内 タケウチ TAKEUCHI|小野 オノ ONO|田村 タムラ TAMURA|中山 ナカヤマ NAKAYAMA|和田 ワダ WADA|
石田 イシダ ISHIDA|森田 モリタ MORITA|上田 ウエダ UEDA|原 ハラ HARA|柴田 シバタ SHIBATA|酒井 サカイ SAKAI|工藤 クドウ KUDO|
横山 ヨコヤマ YOKOYAMA|宮崎 ミヤザキ MIYAZAKI|宮本 ミヤモト MIYAMOTO|内田 ウチダ UCHIDA|高木 タカギ TAKAGI|安藤 アンドウ ANDO|
谷口 タニグチ TANIGUCHI|大野 オオノ ONO|丸山 マルヤマ MARUYAMA|今井 イマイ IMAI|高田 タカダ TAKADA|藤本 フジモト FUJIMOTO|
武田 タケダ TAKEDA|村田 ムラタ MURATA|上野 ウエノ UENO|杉山 スギヤマ SUGIYAMA|増田 マスダ MASUDA|平野 ヒラノ HIRANO|大塚 オオツカ OTSUKA|
千葉 チバ CHIBA|久保 クボ KUBO|松井 マツイ MATSUI|小島 コジマ KOJIMA|岩崎 イワサキ IWASAKI|桜井 サクライ SAKURAI|野口 ノグチ NOGUCHI|
松尾 マツオ MATSUO|野村 ノムラ NOMURA|木下 キノシタ KINOSHITA|菊地 キクチ KIKUCHI|佐野 サノ SANO|大西 オオニシ ONISHI|杉本 スギモト SUGIMOTO|
新井 アライ ARAI|浜田 ハマダ HAMADA|菅原 スガワラ SUGAWARA|市川 イチカワ ICHIKAWA|水野 ミズノ MIZUNO|小松 コマツ KOMATSU|
島田 シマダ SHIMADA|古川 フルカワ FURUKAWA|小山 コヤマ KOYAMA|高野 タカノ TAKANO|西田 ニシダ NISHIDA|菊池 キクチ KIKUCHI|
山内 ヤマウチ YAMAUCHI|西川 ニシカワ NISHIKAWA|五十嵐 イガラシ IGARASHI|北村 キタムラ KITAMURA|安田 ヤスダ YASUDA|中田 ナカタ NAKATA|
川口 カワグチ KAWAGUCHI|平田 ヒラタ HIRATA|川崎 カワサキ KAWASAKI|飯田 イイダ IIDA|吉川 ヨシカワ YOSHIKAWA|本田 ホンダ HONDA|
久保田 クボタ KUBOTA|沢田 サワダ SAWADA|辻 ツジ TSUJI|関 セキ SEKI|吉村 ヨシムラ YOSHIMURA|渡部 ワタナベ WATANABE|岩田 イワタ IWATA|
中西 ナカニシ NAKANISHI|服部 ハットリ HATTORI|樋口 ヒグチ HIGUCHI|福島 フクシマ FUKUSHIMA|川上 カワカミ KAWAKAMI|永井 ナガイ NAGAI|
松岡 マツオカ MATSUOKA|田口 タグチ TAGUCHI|山中 ヤマナカ YAMANAKA|森本 モリモト MORIMOTO|土屋 ツチヤ TSUCHIYA|矢野 ヤノ YANO|
広瀬 ヒロセ HIROSE|秋山 アキヤマ AKIYAMA|石原 イシハラ ISHIHARA|松下 マツシタ MATSUSHITA|大橋 オオハシ OHASHI|松浦 マツウラ MATSUURA|
吉岡 ヨシオカ YOSHIOKA|小池 コイケ KOIKE|馬場 ババ BABA|浅野 アサノ ASANO|荒木 アラキ ARAKI|大久保 オオクボ OKUBO|野田 ノダ NODA|
小沢 オザワ OZAWA|田辺 タナベ TANABE|川村 カワムラ KAWAMURA|星野 ホシノ HOSHINO|黒田 クロダ KURODA|堀 ホリ HORI|尾崎 オザキ OZAKI|
望月 モチヅキ MOCHIZUKI|永田 ナガタ NAGATA|熊谷 クマガイ KUMAGAI|内藤 ナイトウ NAITO|松村 マツムラ MATSUMURA|西山 ニシヤマ NISHIYAMA|
大谷 オオタニ OTANI|平井 ヒライ HIRAI|大島 オオシマ OSHIMA|岩本 イワモト IWAMOTO|片山 カタヤマ KATAYAMA|本間 ホンマ HONMA|
早川 ハヤカワ HAYAKAWA|横田 ヨコタ YOKOTA|岡崎 オカザキ OKAZAKI|荒井 アライ ARAI|大石 オオイシ OISHI|鎌田 カマタ KAMATA|成田 ナリタ NARITA|
宮田 ミヤタ MIYATA|小田 オダ ODA|石橋 イシバシ ISHIBASHI|篠原 シノハラ SHINOHARA|須藤 ストウ SUTO|河野 コウノ KONO|大野 オオノ OHNO|
比嘉 ヒガ HIGA|金城 キンジョウ KINJO|宮城 ミヤギ MIYAGI|大城 オオシロ OSHIRO|新垣 アラカキ ARAKAKI|菅野 カンノ KANNO|桑原 クワバラ KUWABARA`;

const entries = SURNAMES.split("|").map((e) => e.trim().split(" ") as [string, string, string]);
const KANJI = new Set(entries.map((e) => e[0]));
const KANA = new Set(entries.map((e) => e[1]));
const ROMAJI = new Set(entries.map((e) => e[2]));

/** Does a (kanji) name start with a common surname, followed by at least one more character? */
export function startsWithSurnameKanji(raw: string): boolean {
  const s = nfkc(raw).trim();
  for (let n = 3; n >= 1; n--) if (s.length > n && KANJI.has(s.slice(0, n))) return true;
  return false;
}
/** Does a kana name (any width, hiragana or katakana) start or end with a common surname? */
export function hasSurnameKana(raw: string): boolean {
  const k = kanaKey(raw);
  for (let n = 2; n <= 6 && n < k.length; n++) if (KANA.has(k.slice(0, n)) || KANA.has(k.slice(k.length - n))) return true;
  return false;
}
/** Does a romaji name hold a common surname as one of its words (family-first or given-first order)? */
export function hasSurnameRomaji(raw: string): boolean {
  return nfkc(raw).toUpperCase().split(/[\s,.]+/).some((w) => ROMAJI.has(w) || ROMAJI.has(w.replace(/O[HU](?![AEIOU])/g, "O")));
}

/**
 * Words that make a name-shaped value an organisation, a place, a facility or a product: 株式会社山田商事,
 * ホテル青葉, 新宿支店, 営業部, 東京都. A column where these are common is not a column of person names.
 */
const NOT_A_PERSON = /株式|有限|合同|会社|法人|協会|組合|財団|商事|商店|物産|工業|産業|銀行|信金|ホテル|旅館|ホステル|支店|本店|営業所|店$|館$|部$|課$|室$|係$|[都道府県]$|[市区町村]$|大学|学校|病院|医院|クリニック|センター|事務所|プラン|ツアー|コース|セット|ルーム|[(（]株[)）]|㈱|㈲/;
export const isOrganisationWord = (raw: string): boolean => NOT_A_PERSON.test(nfkc(raw));
