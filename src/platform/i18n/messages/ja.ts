/** Server-side messages (errors, mails) in Japanese, the default. */
import type { Messages } from "./en.js";

export const ja: Messages = {
  errors: {
    validation: "リクエストが不正です: {{field}} — {{detail}}",
    malformed_json: "リクエスト本文が正しい JSON ではありません。",
    body_too_large: "リクエスト本文が大きすぎます（上限 {{limit}} バイト）。",
    unsupported_media_type: "対応していない Content-Type です。",
    not_found: "見つかりません。",
    unauthenticated: "ログインしてください。",
    forbidden: "この操作を行う権限がありません。",
    csrf: "CSRF トークンがないか、正しくありません。ページを再読み込みしてやり直してください。",
    invalid_credentials: "メールアドレスまたはパスワードが違います。",
    account_locked: "ログインの失敗が続いたため一時的にロックしました。{{until}} 以降に再度お試しください。",
    rate_limited: "リクエストが多すぎます。しばらくしてから再度お試しください。",
    reset_token_invalid: "このパスワード再設定リンクは無効か、有効期限が切れています。",
    weak_password: "パスワードは12文字以上にしてください。",
    conflict: "既に存在します: {{field}}。",
    role_not_allowed: "種別 {{kind}} の組織ではロール {{role}} を付与できません。",
    last_admin: "組織には少なくとも1人の org-admin が必要です。",
    grant_target_not_vendor: "アクセス権は種別 vendor（委託先）の組織にのみ付与できます。",
    not_ready: "サービスの準備ができていません。",
    internal: "サーバー側でエラーが発生しました（リクエスト {{requestId}}）。",
  },
  mail: {
    reset_subject: "【sokuho】パスワードの再設定",
    reset_body: "sokuho アカウントのパスワード再設定が要求されました。\n\n{{minutes}} 分以内に次のリンクを開き、新しいパスワードを設定してください:\n{{link}}\n\n心当たりがない場合は、このメールを破棄してください。",
    invite_subject: "【sokuho】{{org}} に追加されました",
    invite_body: "sokuho の {{org}} に {{role}} として追加されました。\n\n次のリンクからパスワードを設定してください（有効期限 {{minutes}} 分）:\n{{link}}",
  },
};
