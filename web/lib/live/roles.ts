/** The role pages and how people find them: used by the landing page and every role's header. */
export interface RolePage {
	path: string;
	zh: string;
	en: string;
	device: string;
	does: string;
}

export const ROLE_PAGES: RolePage[] = [
	{ path: 'console', zh: '主持人控制台', en: 'Host console', device: '笔记本 Laptop', does: '签到、叫号、计时、开启与关闭表决、宣布结果' },
	{ path: 'tablet', zh: '代表平板', en: 'Deputy tablet', device: '平板 Tablet', does: '签到、查看议程与材料、举手提问、表决与测评' },
	{ path: 'respondent', zh: '应询人', en: 'Respondent', device: '笔记本/平板', does: '查看向本人提出的问题与本人答复倒计时' },
	{ path: 'screen', zh: '会场大屏', en: 'Wall screen', device: '1920×1080 大屏', does: '当前议题、发言人、大号倒计时、队列、表决结果' },
	{ path: 'live', zh: '公众直播页', en: 'Public page', device: '手机 Phone', does: '只读的会议实况与跟踪督办公示' }
];
