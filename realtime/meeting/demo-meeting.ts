/**
 * The demo meeting loaded on first start: a mid-year congress session's livelihood inquiry with a
 * roster of 36 deputies in six groups (seed 001: six groups, one question each), its respondents,
 * and an agenda with a report, an inquiry, a vote, a project ballot and a rating.
 */
import type { Body, Meeting, Member } from '../../shared/meeting.schema';

export const DEMO_BODY: Body = { id: 'demo-congress', name: '示范市第十七届人民代表大会', kind: 'congress' };
export const DEMO_MEETING_ID = 'demo-2026-midyear';

const GROUPS = ['城东代表小组', '城西代表小组', '开发区代表小组', '教育界代表小组', '医卫界代表小组', '农业农村代表小组'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈';
const GIVEN = ['建国', '秀英', '志强', '丽华', '海燕', '文博', '晓东', '春梅', '国栋', '玉兰', '明辉', '静怡'];

export function demoMembers(): Member[] {
	return Array.from({ length: 36 }, (_, i) => {
		const group = GROUPS[i % GROUPS.length]!;
		const n = i + 1;
		return {
			id: `d${String(n).padStart(3, '0')}`,
			name: `${SURNAMES[i]}${GIVEN[i % GIVEN.length]}`,
			group,
			seat: `${Math.floor(i / 12) + 1}排${(i % 12) + 1}座`,
			deputyNumber: `2026${String(n).padStart(4, '0')}`
		};
	});
}

export function demoMeeting(): Meeting {
	const members = demoMembers();
	// One asker per group, as the presidium selected them (seed 001).
	const asker = (group: number) => members[group]!.id;
	return {
		id: DEMO_MEETING_ID,
		bodyId: DEMO_BODY.id,
		kind: 'congress-session',
		title: '2026年年中人代会 民生实事专题询问',
		date: '2026-08-29',
		venue: '市人民大会堂第一会议厅',
		rules: {
			quorum: 'two-thirds-of-all',
			passing: 'more-than-half-of-all',
			timers: { askSeconds: 180, answerSeconds: 300, followUpAskSeconds: 60, followUpAnswerSeconds: 180 }
		},
		respondents: [
			{ id: 'r-vmayor-1', name: '周立新', title: '副市长', department: '市人民政府' },
			{ id: 'r-edu', name: '钱慧敏', title: '局长', department: '市教育局' },
			{ id: 'r-health', name: '孙振华', title: '主任', department: '市卫生健康委员会' },
			{ id: 'r-housing', name: '李明远', title: '局长', department: '市住房和城乡建设局' },
			{ id: 'r-civil', name: '吴佳琪', title: '局长', department: '市民政局' },
			{ id: 'r-agri', name: '郑国强', title: '局长', department: '市农业农村局' }
		],
		agenda: [
			{ id: 'a1-report', kind: 'report', title: '听取市人民政府关于上半年工作情况的报告', presenter: '市长' },
			{
				id: 'a2-inquiry',
				kind: 'inquiry',
				title: '民生实事项目推进情况专题询问',
				questions: [
					{ id: 'q1', askerId: asker(0), respondentIds: ['r-housing'], topic: '老旧小区改造', text: '今年计划改造的老旧小区目前完成进度如何？加装电梯推进慢的原因是什么，下半年有何具体措施？' },
					{ id: 'q2', askerId: asker(1), respondentIds: ['r-civil'], topic: '社区养老服务', text: '社区嵌入式养老服务中心建设进展如何？运营补贴资金是否足额到位？' },
					{ id: 'q3', askerId: asker(2), respondentIds: ['r-vmayor-1'], topic: '就业帮扶', text: '开发区企业用工缺口与高校毕业生就业难并存，政府如何打通供需对接？' },
					{ id: 'q4', askerId: asker(3), respondentIds: ['r-edu'], topic: '课后延时服务', text: '义务教育阶段课后延时服务覆盖率和家长满意度如何？教师负担如何减轻？' },
					{ id: 'q5', askerId: asker(4), respondentIds: ['r-health'], topic: '基层医疗', text: '社区卫生服务中心“看病难”问题有何改善？家庭医生签约服务如何做实？' },
					{ id: 'q6', askerId: asker(5), respondentIds: ['r-agri', 'r-vmayor-1'], topic: '农村道路提质', text: '农村公路提质改造项目的资金和工期能否保证年底前完成？' }
				]
			},
			{
				id: 'a3-vote',
				kind: 'vote',
				title: '表决《关于上半年民生实事项目进展情况报告的决议（草案）》',
				motion: '会议同意市人民政府关于上半年民生实事项目进展情况的报告，要求市人民政府切实加快项目进度，确保年底前全面完成。'
			},
			{
				id: 'a4-ballot',
				kind: 'ballot',
				title: '2027年度民生实事项目代表票决',
				seats: 6,
				candidates: [
					{ id: 'c1', name: '城区老旧小区加装电梯' },
					{ id: 'c2', name: '新建社区嵌入式养老服务中心10个' },
					{ id: 'c3', name: '义务教育学校课后延时服务全覆盖' },
					{ id: 'c4', name: '农村公路提质改造120公里' },
					{ id: 'c5', name: '新增公办幼儿园学位3000个' },
					{ id: 'c6', name: '孤寡老人上门义诊服务' },
					{ id: 'c7', name: '城区停车泊位新增5000个' },
					{ id: 'c8', name: '农贸市场标准化改造15个' }
				]
			},
			{ id: 'a5-rating', kind: 'rating', title: '对应询部门答复情况进行满意度测评', target: 'department', subject: '市住房和城乡建设局' }
		],
		materials: []
	};
}
