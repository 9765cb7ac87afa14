/** Synthetic name and place lists for the generator and the accuracy corpus (common names, no real person). */
export type NameEntry = readonly [kanji: string, kana: string, romaji: string];

export const FAMILY_NAMES: readonly NameEntry[] = [
  ["佐藤", "サトウ", "SATO"], ["鈴木", "スズキ", "SUZUKI"], ["高橋", "タカハシ", "TAKAHASHI"], ["田中", "タナカ", "TANAKA"],
  ["伊藤", "イトウ", "ITO"], ["渡辺", "ワタナベ", "WATANABE"], ["山本", "ヤマモト", "YAMAMOTO"], ["中村", "ナカムラ", "NAKAMURA"],
  ["小林", "コバヤシ", "KOBAYASHI"], ["加藤", "カトウ", "KATO"], ["吉田", "ヨシダ", "YOSHIDA"], ["山田", "ヤマダ", "YAMADA"],
  ["佐々木", "ササキ", "SASAKI"], ["山口", "ヤマグチ", "YAMAGUCHI"], ["松本", "マツモト", "MATSUMOTO"], ["井上", "イノウエ", "INOUE"],
  ["木村", "キムラ", "KIMURA"], ["林", "ハヤシ", "HAYASHI"], ["斎藤", "サイトウ", "SAITO"], ["清水", "シミズ", "SHIMIZU"],
  ["山崎", "ヤマザキ", "YAMAZAKI"], ["森", "モリ", "MORI"], ["池田", "イケダ", "IKEDA"], ["橋本", "ハシモト", "HASHIMOTO"],
  ["阿部", "アベ", "ABE"], ["石川", "イシカワ", "ISHIKAWA"], ["山下", "ヤマシタ", "YAMASHITA"], ["中島", "ナカジマ", "NAKAJIMA"],
  ["石井", "イシイ", "ISHII"], ["小川", "オガワ", "OGAWA"], ["前田", "マエダ", "MAEDA"], ["岡田", "オカダ", "OKADA"],
  ["長谷川", "ハセガワ", "HASEGAWA"], ["藤田", "フジタ", "FUJITA"], ["後藤", "ゴトウ", "GOTO"], ["近藤", "コンドウ", "KONDO"],
  ["村上", "ムラカミ", "MURAKAMI"], ["遠藤", "エンドウ", "ENDO"], ["青木", "アオキ", "AOKI"], ["坂本", "サカモト", "SAKAMOTO"],
  ["斉藤", "サイトウ", "SAITO"], ["福田", "フクダ", "FUKUDA"], ["太田", "オオタ", "OTA"], ["西村", "ニシムラ", "NISHIMURA"],
  ["藤井", "フジイ", "FUJII"], ["金子", "カネコ", "KANEKO"], ["岡本", "オカモト", "OKAMOTO"], ["藤原", "フジワラ", "FUJIWARA"],
  ["中野", "ナカノ", "NAKANO"], ["三浦", "ミウラ", "MIURA"], ["原田", "ハラダ", "HARADA"], ["中川", "ナカガワ", "NAKAGAWA"],
  ["松田", "マツダ", "MATSUDA"], ["竹内", "タケウチ", "TAKEUCHI"], ["小野", "オノ", "ONO"], ["田村", "タムラ", "TAMURA"],
  ["中山", "ナカヤマ", "NAKAYAMA"], ["和田", "ワダ", "WADA"], ["石田", "イシダ", "ISHIDA"], ["森田", "モリタ", "MORITA"],
  ["上田", "ウエダ", "UEDA"], ["原", "ハラ", "HARA"], ["柴田", "シバタ", "SHIBATA"], ["酒井", "サカイ", "SAKAI"],
];

export const GIVEN_NAMES: readonly (readonly [kanji: string, kana: string, romaji: string, sex: "M" | "F"])[] = [
  ["太郎", "タロウ", "TARO", "M"], ["一郎", "イチロウ", "ICHIRO", "M"], ["健太", "ケンタ", "KENTA", "M"], ["翔太", "ショウタ", "SHOTA", "M"],
  ["大輔", "ダイスケ", "DAISUKE", "M"], ["誠", "マコト", "MAKOTO", "M"], ["浩", "ヒロシ", "HIROSHI", "M"], ["隆", "タカシ", "TAKASHI", "M"],
  ["拓也", "タクヤ", "TAKUYA", "M"], ["直樹", "ナオキ", "NAOKI", "M"], ["和也", "カズヤ", "KAZUYA", "M"], ["達也", "タツヤ", "TATSUYA", "M"],
  ["健一", "ケンイチ", "KENICHI", "M"], ["修", "オサム", "OSAMU", "M"], ["悠斗", "ユウト", "YUTO", "M"], ["蓮", "レン", "REN", "M"],
  ["大翔", "ヒロト", "HIROTO", "M"], ["亮", "リョウ", "RYO", "M"], ["剛", "ツヨシ", "TSUYOSHI", "M"], ["進", "ススム", "SUSUMU", "M"],
  ["博之", "ヒロユキ", "HIROYUKI", "M"], ["正人", "マサト", "MASATO", "M"], ["勝", "マサル", "MASARU", "M"], ["学", "マナブ", "MANABU", "M"],
  ["花子", "ハナコ", "HANAKO", "F"], ["陽子", "ヨウコ", "YOKO", "F"], ["恵子", "ケイコ", "KEIKO", "F"], ["美咲", "ミサキ", "MISAKI", "F"],
  ["由美", "ユミ", "YUMI", "F"], ["裕子", "ユウコ", "YUKO", "F"], ["直美", "ナオミ", "NAOMI", "F"], ["真由美", "マユミ", "MAYUMI", "F"],
  ["愛", "アイ", "AI", "F"], ["彩", "アヤ", "AYA", "F"], ["結衣", "ユイ", "YUI", "F"], ["陽菜", "ヒナ", "HINA", "F"],
  ["さくら", "サクラ", "SAKURA", "F"], ["明美", "アケミ", "AKEMI", "F"], ["京子", "キョウコ", "KYOKO", "F"], ["智子", "トモコ", "TOMOKO", "F"],
  ["久美子", "クミコ", "KUMIKO", "F"], ["千尋", "チヒロ", "CHIHIRO", "F"], ["舞", "マイ", "MAI", "F"], ["優子", "ユウコ", "YUKO", "F"],
  ["香織", "カオリ", "KAORI", "F"], ["麻衣", "マイ", "MAI", "F"], ["理恵", "リエ", "RIE", "F"], ["はな", "ハナ", "HANA", "F"],
];

/** Postal code, prefecture and municipality (+ town) of real places; block numbers are generated. */
export const PLACES: readonly (readonly [postal: string, address: string])[] = [
  ["140-0002", "東京都品川区東品川"], ["100-0001", "東京都千代田区千代田"], ["160-0022", "東京都新宿区新宿"],
  ["530-0001", "大阪府大阪市北区梅田"], ["600-8216", "京都府京都市下京区東塩小路町"], ["060-0001", "北海道札幌市中央区北一条西"],
  ["980-0021", "宮城県仙台市青葉区中央"], ["460-0008", "愛知県名古屋市中区栄"], ["812-0011", "福岡県福岡市博多区博多駅前"],
  ["900-0015", "沖縄県那覇市久茂地"], ["730-0011", "広島県広島市中区基町"], ["220-0012", "神奈川県横浜市西区みなとみらい"],
  ["330-0854", "埼玉県さいたま市大宮区桜木町"], ["260-0028", "千葉県千葉市中央区新町"], ["650-0021", "兵庫県神戸市中央区三宮町"],
  ["380-0846", "長野県長野市旭町"], ["760-0019", "香川県高松市サンポート"], ["890-0053", "鹿児島県鹿児島市中央町"],
  ["950-0087", "新潟県新潟市中央区東大通"], ["420-0851", "静岡県静岡市葵区黒金町"],
];
export const DOMAINS: readonly string[] = ["example.jp", "example.co.jp", "example.ne.jp", "example.com", "example.net", "example.or.jp"];
export const SITES: readonly string[] = ["JTBホームページ", "るるぶトラベル", "JAPANiCAN", "dトラベル", "提携サイト"];
