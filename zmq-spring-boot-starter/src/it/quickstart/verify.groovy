// The quick start's build must have run its one test, and Boot's plugin must have made an executable jar.
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.quickstart.QuickstartApplicationTests.xml')
assert report.isFile() : "the quick start's test did not run: no ${report}"
def suite = (report.text =~ /<testsuite [^>]*>/)[0]
['tests="1"', 'failures="0"', 'errors="0"', 'skipped="0"'].each {
	assert suite.contains(it) : "the quick start's test did not pass: ${suite}"
}
def jar = new File(basedir, 'target/quickstart-0.0.1-SNAPSHOT.jar')
assert jar.isFile() : "no application jar: ${jar}"
def startClass = new java.util.jar.JarFile(jar).withCloseable { it.manifest.mainAttributes.getValue('Start-Class') }
assert startClass == 'com.example.quickstart.QuickstartApplication' : "not a Boot application jar: ${jar}"
return true
