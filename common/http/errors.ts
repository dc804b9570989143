/**
 * The one catalogue of error codes a person can meet, with the HTTP status each maps to and
 * a message in Chinese (default) and English. Server and web share it: the server puts the
 * message in the envelope, the web shows it (or its own, richer text for a code).
 * Modules add their codes here so the mapping stays exhaustive and reviewable in one place.
 */
export interface ErrorSpec {
  readonly status: number;
  readonly zh: string;
  readonly en: string;
}

export const ERRORS = {
  // HTTP and validation
  VALIDATION_FAILED: {
    status: 400,
    zh: '提交的内容有误，请按提示修改后重试。',
    en: 'The request is invalid; correct it and try again.',
  },
  MALFORMED_JSON: { status: 400, zh: '请求内容不是有效的 JSON。', en: 'The request body is not valid JSON.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型。', en: 'Unsupported content type.' },
  BODY_TOO_LARGE: { status: 413, zh: '提交的内容过大，请减小后重试。', en: 'The request body is too large.' },
  NOT_FOUND: { status: 404, zh: '未找到该记录，或您无权查看。', en: 'Not found.' },
  ROUTE_NOT_FOUND: { status: 404, zh: '没有这个接口地址。', en: 'No such endpoint.' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持该请求方法。', en: 'Method not allowed.' },
  CONFLICT: {
    status: 409,
    zh: '数据已被他人修改，请刷新后重试。',
    en: 'The data changed meanwhile; reload and try again.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '同一个幂等键已用于另一份不同的请求，请换一个新的键。',
    en: 'This Idempotency-Key was already used with a different request.',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    zh: '同一请求正在处理中，请稍后再查看结果。',
    en: 'The same request is still being processed.',
  },
  IDEMPOTENCY_SECRET_SHOWN: {
    status: 409,
    zh: '这个请求已经完成。它的结果含有密码、令牌或个人信息，只显示一次，不再保存；请到相应页面查看，或重新办理。',
    en: 'This request was already done. The secret in its answer is shown only once and is not kept.',
  },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    zh: '幂等键（Idempotency-Key）格式不对：应为 8 到 128 个字母、数字或 -_:.',
    en: 'Idempotency-Key must be 8–128 characters of letters, digits or -_:.',
  },
  CSRF_FAILED: {
    status: 403,
    zh: '页面已过期，请刷新页面后重试。',
    en: 'The page has expired; reload it and try again.',
  },
  RATE_LIMITED: { status: 429, zh: '操作太频繁，请稍后再试。', en: 'Too many requests; try again later.' },
  INTERNAL: {
    status: 500,
    zh: '服务器出了点问题，请稍后重试；如果一直出现，请联系管理员。',
    en: 'Something went wrong on the server; try again later.',
  },
  DB_UNAVAILABLE: {
    status: 503,
    zh: '数据库暂时不可用（可能正在维护或磁盘已满），本次操作没有保存，请稍后重试。',
    en: 'The database is unavailable; nothing was saved. Try again later.',
  },
  SHUTTING_DOWN: {
    status: 503,
    zh: '系统正在重启，请稍后重试。',
    en: 'The server is restarting; try again shortly.',
  },

  // auth
  AUTH_REQUIRED: { status: 401, zh: '请先登录。', en: 'Please log in.' },
  AUTH_INVALID: { status: 401, zh: '用户名或密码不正确。', en: 'Wrong username or password.' },
  AUTH_LOCKED: {
    status: 423,
    zh: '密码错误次数过多，账号已临时锁定，请在 {until} 之后再试，或联系管理员重置密码。',
    en: 'Too many wrong passwords; the account is locked until {until}.',
  },
  AUTH_TOO_MANY_TRIES: {
    status: 429,
    zh: '同时进行的登录尝试太多，请稍等片刻再试。',
    en: 'Too many sign-in attempts at once; wait a moment and try again.',
  },
  AUTH_IP_LIMITED: {
    status: 429,
    zh: '这台设备登录失败次数过多，请在 {until} 之后再试。',
    en: 'Too many failed logins from this address; try again after {until}.',
  },
  AUTH_DISABLED: { status: 403, zh: '该账号已停用，请联系管理员。', en: 'This account is disabled.' },
  AUTH_SESSION_EXPIRED: {
    status: 401,
    zh: '登录已过期，请重新登录。',
    en: 'Your session has expired; please log in again.',
  },
  AUTH_PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    zh: '管理员已重置您的密码，请先设置新密码。',
    en: 'Your password was reset; set a new one first.',
  },
  AUTH_PASSWORD_WEAK: {
    status: 400,
    zh: '密码至少 8 位，并同时包含字母和数字。',
    en: 'The password needs at least 8 characters with letters and digits.',
  },
  AUTH_PASSWORD_WRONG: { status: 400, zh: '原密码不正确。', en: 'The current password is wrong.' },
  FORBIDDEN: { status: 403, zh: '您没有执行此操作的权限。', en: 'You do not have permission to do this.' },
  TOKEN_INVALID: {
    status: 401,
    zh: '接口令牌无效、已过期或已吊销。',
    en: 'The API token is invalid, expired or revoked.',
  },

  // users
  USER_USERNAME_TAKEN: {
    status: 409,
    zh: '用户名“{username}”已被使用，请换一个。',
    en: 'The username "{username}" is taken.',
  },
  USER_PHONE_TAKEN: {
    status: 409,
    zh: '手机号已被其他账号使用。',
    en: 'The phone number is used by another account.',
  },
  USER_ROLE_SCOPE_MISMATCH: {
    status: 400,
    zh: '角色“{role}”必须绑定到{level}一级的区划。',
    en: 'Role "{role}" must be bound to a {level} node.',
  },
  USER_SCOPE_OUTSIDE: {
    status: 403,
    zh: '只能在您管辖的区划内创建或管理账号。',
    en: 'You can only manage accounts inside your own area.',
  },
  USER_CANNOT_DISABLE_SELF: {
    status: 400,
    zh: '不能停用自己的账号。',
    en: 'You cannot disable your own account.',
  },
  USER_ROLE_NOT_GRANTABLE: {
    status: 403,
    zh: '您不能授予“{role}”角色。',
    en: 'You cannot grant the role "{role}".',
  },
  USER_VILLAGER_NEEDS_HOUSEHOLD: {
    status: 400,
    zh: '村民账号必须关联一户家庭。',
    en: 'A villager account must be linked to a household.',
  },

  // org
  ORG_NODE_NOT_FOUND: { status: 404, zh: '没有找到区划代码 {code}。', en: 'No division with code {code}.' },
  ORG_UNKNOWN_CODE: {
    status: 400,
    zh: '区划代码 {code} 不在国家统计局区划库中，请核对后重试。',
    en: 'Code {code} is not in the national division list.',
  },
  ORG_GROUP_PARENT_NOT_VILLAGE: {
    status: 400,
    zh: '村民小组只能建在村（居）委会下面。',
    en: 'Villager groups can only be added under a village.',
  },
  ORG_GROUP_NAME_TAKEN: {
    status: 409,
    zh: '该村已有名为“{name}”的村民小组。',
    en: 'The village already has a group named "{name}".',
  },
  ORG_GROUP_LIMIT: {
    status: 400,
    zh: '一个村最多 999 个村民小组。',
    en: 'A village can have at most 999 groups.',
  },

  // registry
  REGISTRY_ID_INVALID: { status: 400, zh: '身份证号不正确：{reason}', en: 'Invalid ID number: {reason}' },
  REGISTRY_ID_TAKEN: {
    status: 409,
    zh: '身份证号 {id} 已登记在户 {household}，不能重复登记；如是迁入，请先在原户办理迁出。',
    en: 'ID number {id} is already registered in household {household}.',
  },
  REGISTRY_HOUSEHOLD_NUMBER_TAKEN: {
    status: 409,
    zh: '户编号 {number} 在本镇已被使用。',
    en: 'Household number {number} is already used in this town.',
  },
  REGISTRY_HOUSEHOLD_INACTIVE: {
    status: 409,
    zh: '该户已{status}，不能再办理此项业务。',
    en: 'The household is {status}.',
  },
  REGISTRY_RESIDENT_INACTIVE: {
    status: 409,
    zh: '{name} 已{status}，不能再办理此项业务。',
    en: '{name} is {status}.',
  },
  REGISTRY_RESIDENT_NOT_MEMBER: {
    status: 400,
    zh: '所选人员不是本户的在册成员。',
    en: 'The person is not an active member of this household.',
  },
  REGISTRY_HEAD_REQUIRED: {
    status: 400,
    zh: '户主不能迁出或办理死亡登记；请先办理“变更户主”。',
    en: 'Change the head of household first.',
  },
  REGISTRY_HEAD_RELATION: {
    status: 400,
    zh: '户主的“与户主关系”必须是“户主”；其他成员不能填“户主”。',
    en: 'Only the head has the relation 户主.',
  },
  REGISTRY_SPLIT_ALL: {
    status: 400,
    zh: '分户时原户至少要留下一名成员；要整户迁出请用“迁出”。',
    en: 'A split must leave at least one member.',
  },
  REGISTRY_MERGE_SELF: { status: 400, zh: '不能并入本户自己。', en: 'A household cannot merge into itself.' },
  REGISTRY_ORG_NOT_VILLAGE: {
    status: 400,
    zh: '户必须属于一个村（或村民小组）。',
    en: 'A household belongs to a village or group.',
  },
  REGISTRY_DATE_FUTURE: {
    status: 400,
    zh: '日期 {date} 在今天之后，请核对。',
    en: 'The date {date} is in the future.',
  },
  SANITATION_REVERSAL_NEEDS_APPROVER: {
    status: 403,
    zh: '收费员只能冲正自己当天开出的收据；其他收据请由有审批权限的镇领导冲正。',
    en: 'A collector may reverse only their own receipts of the same day; others need an approver.',
  },
  SANITATION_DATE_FUTURE: {
    status: 400,
    zh: '日期 {date} 在今天之后：收支按实际发生的日期登记，请核对。',
    en: 'The date {date} is in the future: record money on the day it moved.',
  },
  REGISTRY_TAG_GRADE: {
    status: 400,
    zh: '残疾标签需要填写等级（一级至四级）；其他标签不填等级。',
    en: 'Only the disability tag has a grade (1–4).',
  },
  REGISTRY_TAG_ENDED: { status: 409, zh: '该标签已于 {date} 结束。', en: 'The tag already ended on {date}.' },
  REGISTRY_TAG_ACTIVE: {
    status: 409,
    zh: '{name} 已有有效的“{tag}”标签。',
    en: '{name} already has an active {tag} tag.',
  },
  REGISTRY_CURSOR_INVALID: {
    status: 400,
    zh: '翻页参数无效，请从第一页重新开始。',
    en: 'Invalid cursor; start from the first page.',
  },
  IMPORT_FILE_REQUIRED: {
    status: 400,
    zh: '请选择要导入的 Excel 文件（.xlsx），表单字段名为 file。',
    en: 'Upload the Excel file in the form field "file".',
  },
  IMPORT_TOO_LARGE: {
    status: 413,
    zh: '文件超过 {mb} MB 的上限。请按村拆成几个文件，分别导入。',
    en: 'The file is larger than {mb} MB; split it by village.',
  },
  IMPORT_NOT_FOUND: { status: 404, zh: '没有找到这次导入记录。', en: 'Import not found.' },
  IMPORT_FILE_PURGED: {
    status: 410,
    zh: '这次导入的原始文件和错误报告已按规定在 {days} 天后删除；导入记录仍在。',
    en: 'The files of this import were deleted after {days} days; the record remains.',
  },
  IMPORT_BUSY: {
    status: 409,
    zh: '本镇已有一个导入正在进行，请等它完成后再导入。',
    en: 'Another import is running for this town.',
  },

  // files
  FILE_REQUIRED: {
    status: 400,
    zh: '请选择要上传的图片（表单字段名为 file）。',
    en: 'Upload the image in the form field "file".',
  },
  FILE_TOO_LARGE: {
    status: 413,
    zh: '图片太大（超过 {mb} MB），请压缩或换一张。',
    en: 'The image is larger than {mb} MB.',
  },
  FILE_QUOTA: {
    status: 429,
    zh: '24 小时内上传的图片已达上限（{files} 张或 {mb} MB），请明天再传；确有需要请联系镇便民服务中心。',
    en: 'Upload limit reached for 24 hours ({files} images or {mb} MB).',
  },
  FILE_NOT_IMAGE: {
    status: 415,
    zh: '只能上传照片（JPG、PNG 或 WebP 格式）。',
    en: 'Only JPEG, PNG or WebP images are accepted.',
  },

  // notices
  NOTICE_CLOSED: {
    status: 409,
    zh: '公示期已于 {until} 结束，不能再提出异议。',
    en: 'The notice period ended on {until}.',
  },
  NOTICE_OBJECTION_OPEN: {
    status: 409,
    zh: '您对这一项的异议还在处理中，处理结果出来前不能重复提出。',
    en: 'Your objection to this is still being handled; it cannot be raised again until decided.',
  },
  NOTICE_OBJECTION_DECIDED: {
    status: 409,
    zh: '这条异议已经处理过了。',
    en: 'This objection was already decided.',
  },
  NOTICE_NOT_OPEN: { status: 409, zh: '该公示已结束或已生效。', en: 'The notice is no longer open.' },

  // points bank and love supermarket
  POINTS_INSUFFICIENT: {
    status: 409,
    zh: '积分不足：该户现有 {balance} 分，本次需要 {needed} 分。',
    en: 'Not enough points: the household has {balance}, {needed} are needed.',
  },
  POINTS_RULE_NOT_FOUND: { status: 404, zh: '没有找到这条积分细则。', en: 'No such point rule.' },
  POINTS_RULE_RETIRED: {
    status: 409,
    zh: '积分细则“{name}”已停用（或尚未生效），不能再按它申报；请选择现行细则。',
    en: 'The rule "{name}" is not in force.',
  },
  POINTS_RULE_CODE_TAKEN: {
    status: 409,
    zh: '细则编号 {code} 已存在；要修改请用“修订”，会生成新版本。',
    en: 'Rule code {code} already exists.',
  },
  POINTS_EVIDENCE_REQUIRED: {
    status: 400,
    zh: '这条细则要求上传照片等佐证材料。',
    en: 'This rule requires evidence (a photo).',
  },
  POINTS_LIMIT_REACHED: {
    status: 409,
    zh: '“{name}”每户每{period}最多 {limit} 次，本{period}已申报 {used} 次。',
    en: '"{name}" is limited to {limit} per {period}; {used} already declared.',
  },
  POINTS_SELF_REVIEW: {
    status: 403,
    zh: '不能审核自己提交的申报，请由村委会其他成员审核。',
    en: 'You cannot review your own declaration.',
  },
  POINTS_ALREADY_REVIEWED: {
    status: 409,
    zh: '这条申报已经处理过了（当前状态：{status}）。',
    en: 'This declaration was already handled ({status}).',
  },
  POINTS_REASON_REQUIRED: { status: 400, zh: '驳回时请写明理由。', en: 'A reason is required to reject.' },
  POINTS_HOUSEHOLD_INACTIVE: {
    status: 409,
    zh: '该户已迁出或注销，不能再办理积分业务。',
    en: 'The household has moved out or been cancelled.',
  },
  POINTS_DATE_FUTURE: {
    status: 400,
    zh: '日期 {date} 在今天之后，请核对。',
    en: 'The date {date} is in the future.',
  },
  POINTS_NOTHING_TO_PUBLISH: {
    status: 400,
    zh: '没有已审核通过、等待公示的申报。',
    en: 'There are no approved declarations to publish.',
  },
  POINTS_ROUND_DUPLICATE: {
    status: 400,
    zh: '同一户在一轮评议中只能评一次。',
    en: 'A household can be rated only once in a round.',
  },
  POINTS_ROUND_EXISTS: {
    status: 409,
    zh: '{month} 的评议已经录入过了。',
    en: 'The evaluation for {month} was already entered.',
  },
  POINTS_STARS_INVALID: {
    status: 400,
    zh: '评议星级应为 1 到 5 的整数。',
    en: 'Stars must be whole numbers from 1 to 5.',
  },
  SHOP_NOT_FOUND: {
    status: 404,
    zh: '没有找到这个爱心超市，或不在您的管辖范围内。',
    en: 'No such shop in your area.',
  },
  SHOP_ITEM_NOT_FOUND: {
    status: 404,
    zh: '商品（编号 {id}）不在这个超市里，或已下架。',
    en: 'Item {id} is not sold in this shop.',
  },
  SHOP_OUT_OF_STOCK: {
    status: 409,
    zh: '“{name}”库存不足：现有 {stock}{unit}，需要 {needed}{unit}。',
    en: '"{name}" is out of stock ({stock} left, {needed} needed).',
  },
  SHOP_QUANTITY_INVALID: {
    status: 400,
    zh: '数量应为 1 到 999 之间的整数。',
    en: 'Quantities are whole numbers from 1 to 999.',
  },
  SHOP_CART_EMPTY: { status: 400, zh: '购物车是空的，请先选择商品。', en: 'The cart is empty.' },
  SHOP_CANCEL_EXPIRED: {
    status: 409,
    zh: '只能撤销当天的兑换；这笔兑换发生在 {date}。',
    en: 'Only same-day redemptions can be cancelled.',
  },
  SHOP_ALREADY_CANCELLED: {
    status: 409,
    zh: '这笔兑换已经撤销过了。',
    en: 'This redemption was already cancelled.',
  },
  SHOP_STOCK_CHANGED: {
    status: 409,
    zh: '盘点时“{name}”的库存刚有变动（有兑换或入库），请刷新后重新录入实盘数。',
    en: 'The stock of “{name}” changed during the count; refresh and enter the count again.',
  },
  SHOP_STOCK_NEGATIVE: {
    status: 409,
    zh: '“{name}”现有库存 {stock}，不能减少 {needed}。',
    en: 'Stock of "{name}" is {stock}, cannot remove {needed}.',
  },
  IDEMPOTENCY_KEY_REQUIRED: {
    status: 400,
    zh: '这个操作必须带 Idempotency-Key 请求头（防止网络重试造成重复兑换）。',
    en: 'This request needs an Idempotency-Key header.',
  },
  POLICY_NOT_FOUND: { status: 404, zh: '没有找到这项政策。', en: 'No such policy.' },
  POLICY_NOT_ELIGIBLE: {
    status: 409,
    zh: '该户暂不符合“{name}”的条件：{reasons}',
    en: 'The household is not eligible for "{name}": {reasons}',
  },
  POLICY_ALREADY_APPLIED: {
    status: 409,
    zh: '该户已经申请过“{name}”，正在审核或已获批。',
    en: 'The household already applied for "{name}".',
  },

  // one-yuan governance
  SANITATION_AMOUNT_INVALID: {
    status: 400,
    zh: '金额应为大于 0 的整数（以分计），不能有零点几分。',
    en: 'The amount must be a positive whole number of fen.',
  },
  SANITATION_HOUSEHOLD_INACTIVE: {
    status: 409,
    zh: '该户已迁出或注销，不再收取卫生费。',
    en: 'The household has moved out or been cancelled.',
  },
  SANITATION_MONTH_FUTURE: {
    status: 400,
    zh: '{month} 还没到，不能提前出账。',
    en: 'The month {month} has not come yet.',
  },
  SANITATION_ALREADY_REVERSED: {
    status: 409,
    zh: '这笔收款已经冲正过了。',
    en: 'This payment was already reversed.',
  },
  SANITATION_SELF_APPROVE: {
    status: 403,
    zh: '不能审批自己提交的支出。',
    en: 'You cannot approve spending you submitted.',
  },
  SANITATION_SAME_APPROVER: {
    status: 403,
    zh: '两位审批人必须是不同的人，您已经审批过这笔支出。',
    en: 'The two approvers must be different people.',
  },
  SANITATION_ALREADY_DECIDED: {
    status: 409,
    zh: '这笔支出已经处理过了（{status}）。',
    en: 'This spending was already decided ({status}).',
  },
  SANITATION_FUND_INSUFFICIENT: {
    status: 409,
    zh: '卫生基金余额 {balance} 元，不够支出 {amount} 元。',
    en: 'The fund holds {balance} yuan, less than {amount}.',
  },
  SANITATION_VOUCHER_REQUIRED: {
    status: 400,
    zh: '支出须上传票据照片。',
    en: 'Spending needs a photo of the voucher.',
  },
  PLEDGE_ALREADY_SIGNED: {
    status: 409,
    zh: '该户已于 {date} 签订了本版门前三包承诺书，不需要重复签。',
    en: 'The household already signed this pledge on {date}.',
  },
  PLEDGE_SIGNATURE_REQUIRED: {
    status: 400,
    zh: '请手写签名，或上传纸质承诺书的照片。',
    en: 'Draw a signature or upload a photo of the signed paper.',
  },
  INSPECTION_SCORE_INVALID: {
    status: 400,
    zh: '“{item}”的得分应在 0 到 {max} 之间。',
    en: 'The score for "{item}" must be between 0 and {max}.',
  },
  INSPECTION_DUPLICATE: {
    status: 409,
    zh: '该户在本次评比中已经打过分了。',
    en: 'This household was already scored in this campaign.',
  },
  INSPECTION_CLOSED: { status: 409, zh: '这次评比已经结束。', en: 'This campaign is closed.' },
  CLEANUP_PROGRESS_INVALID: {
    status: 400,
    zh: '进度应为 0 到 100 之间的整数。',
    en: 'Progress must be 0 to 100.',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export type Locale = 'zh-CN' | 'en';

/** Fills `{name}` placeholders from params; unknown placeholders stay as they are. */
export function formatMessage(template: string, params?: Record<string, unknown>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export function errorMessage(code: ErrorCode, locale: Locale, params?: Record<string, unknown>): string {
  const spec: ErrorSpec = ERRORS[code];
  return formatMessage(locale === 'en' ? spec.en : spec.zh, params);
}
