// The help pages' words, as ['中文', 'English'] pairs; t('help.<key>').
export default {
  menu: { title: ['帮助', 'Help'], api: ['接口文档', 'API reference'], process: ['办理指引', 'Process guide'] },
  api: {
    intro: ['本页由服务器的 OpenAPI 文档（/api/openapi.json）生成：每个接口的参数、请求体字段及其校验规则即服务器实际执行的声明。',
      'Rendered from the server\'s OpenAPI document (/api/openapi.json): the parameters, body fields and their checks are the declarations the server enforces.'],
    search: ['按路径或说明查找', 'Find by path or summary'], download: ['下载 OpenAPI 文档', 'Download the OpenAPI document'],
    count: ['共 {n} 个接口', '{n} operations'], params: ['参数', 'Parameters'], body: ['请求体', 'Request body'],
    responses: ['响应', 'Responses'], result: ['成功响应体', 'Success response body'], always: ['总会返回', 'Always sent'],
    noBody: ['无响应体', 'No body'], name: ['名称', 'Name'], where: ['位置', 'In'], type: ['类型', 'Type'],
    required: ['必填', 'Required'], rules: ['校验规则', 'Checks'], roles: ['可调用角色', 'Roles'], public: ['无需登录', 'No sign-in'],
    status: ['状态码', 'Status'], description: ['说明', 'Description'], schema: ['结构', 'Schema'], none: ['无', 'None'],
    yes: ['是', 'Yes'], no: ['否', 'No'], noMatch: ['没有匹配的接口，请换个关键词', 'No operation matches; try another word'],
    group: ['分组', 'Group'], auth: ['调用方式：Cookie 会话（不安全方法须带 X-CSRF-Token）或 Bearer 令牌（POST /api/v1/session，bearer: true）。',
      'Calling: a cookie session (unsafe methods send X-CSRF-Token) or a bearer token (POST /api/v1/session with bearer: true).'],
    errors: ['错误响应统一为 {"error": {code, message, message_zh, field}}，field 指明出错的输入。', 'Errors are {"error": {code, message, message_zh, field}}; field names the input at fault.'],
  },
  process: {
    intro: ['各救助项目的办理流程：每一步由谁办理、办理后进入的状态，以及所依据的条款。流程与系统实际执行的状态机为同一份声明。',
      'Each assistance program\'s process: every step, the state it leads to, and the rule it rests on. It is the same declaration the case state machine runs.'],
    program: ['救助项目', 'Program'], from: ['当前状态', 'From'], step: ['步骤', 'Step'], to: ['办理后状态', 'To'], basis: ['依据', 'Rule'],
    limits: ['期限：受理后 {inv} 个工作日内启动入户调查；{dec} 个工作日内作出决定（委托镇街审核确认的 {del} 个工作日）；公示 {notice} 天。',
      'Limits: the home visit starts within {inv} working days of acceptance; the decision within {dec} working days ({del} where the street decides); the notice runs {notice} days.'],
    noNotice: ['期限：受理后 {inv} 个工作日内启动入户调查；{dec} 个工作日内作出决定（委托镇街审核确认的 {del} 个工作日）。',
      'Limits: the home visit starts within {inv} working days of acceptance; the decision within {dec} working days ({del} where the street decides).'],
    empty: ['暂无可显示的流程：请确认已登录且角色可查看救助案件。', 'No process to show: check that your role may read assistance cases.'],
  },
}
